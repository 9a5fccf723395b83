package ldnn.data;

import java.util.List;

/** What the data doctor found, in the order the checks ran. */
public record DoctorReport(List<Finding> findings) {
    /** Copies the findings. */
    public DoctorReport {
        findings = List.copyOf(findings);
    }

    /** Whether any finding is an error. */
    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Finding.Severity.ERROR);
    }

    /** The findings of one severity. */
    public List<Finding> at(Finding.Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).toList();
    }

    /** The findings of one check (e.g. "duplicates"). */
    public List<Finding> of(String check) {
        return findings.stream().filter(f -> f.check().equals(check)).toList();
    }

    /** One finding per line, most serious first. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        for (Finding.Severity s : new Finding.Severity[] {Finding.Severity.ERROR, Finding.Severity.WARNING,
                Finding.Severity.INFO}) {
            at(s).forEach(f -> sb.append(f).append('\n'));
        }
        return sb.toString();
    }
}
