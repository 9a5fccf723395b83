package ldnn.experiments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an experiment found: one or more tables ({@link Section}s), notes that say how it was run
 * (trainer or plain loop, budgets, data), the targets with met/missed, and named metrics that tests
 * and scripts read without parsing the tables. Renders as fixed-width text and as Markdown.
 */
public final class ResultTable {
    private final String experiment, title;
    private final boolean quick;
    private final List<Section> sections = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final Map<String, Double> metrics = new LinkedHashMap<>();

    public ResultTable(String experiment, String title, boolean quick) {
        this.experiment = experiment;
        this.title = title;
        this.quick = quick;
    }

    /** Adds a table with these columns and returns it for its rows. */
    public Section section(String heading, String... columns) {
        Section s = new Section(heading, columns);
        sections.add(s);
        return s;
    }

    public ResultTable note(String text) {
        notes.add(text);
        return this;
    }

    /** Records a target and whether it was met; returns whether it was. */
    public boolean target(String claim, String measured, boolean met) {
        targets.add(new Target(claim, measured, met));
        return met;
    }

    public ResultTable metric(String key, double value) {
        metrics.put(key, value);
        return this;
    }

    /** A recorded metric; fails naming the known ones when it is missing. */
    public double metric(String key) {
        Double v = metrics.get(key);
        if (v == null) {
            throw new IllegalArgumentException(experiment + ": no metric '" + key + "'; recorded: " + metrics.keySet());
        }
        return v;
    }

    public String experiment() {
        return experiment;
    }

    public String title() {
        return title;
    }

    public boolean quick() {
        return quick;
    }

    public List<Section> sections() {
        return Collections.unmodifiableList(sections);
    }

    /** The section with this heading. */
    public Section section(String heading) {
        return sections.stream().filter(s -> s.heading().equals(heading)).findFirst().orElseThrow(() ->
                new IllegalArgumentException(experiment + ": no section '" + heading + "'; sections: "
                        + sections.stream().map(Section::heading).toList()));
    }

    public List<String> notes() {
        return Collections.unmodifiableList(notes);
    }

    public List<Target> targets() {
        return Collections.unmodifiableList(targets);
    }

    public Map<String, Double> metrics() {
        return Collections.unmodifiableMap(metrics);
    }

    private String heading() {
        return title + (quick ? " [QUICK: sanity check, not the full run]" : "");
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("== ").append(experiment).append(": ").append(heading()).append(" ==\n\n");
        for (Section s : sections) {
            sb.append(s.toText()).append('\n');
        }
        if (!targets.isEmpty()) {
            Section t = new Section("targets", "status", "target", "measured");
            targets.forEach(x -> t.row(x.status(), x.claim(), x.measured()));
            sb.append(t.toText()).append('\n');
        }
        for (String n : notes) {
            sb.append("note: ").append(n).append('\n');
        }
        return sb.toString();
    }

    public String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(experiment).append(": ").append(heading()).append("\n\n");
        for (Section s : sections) {
            sb.append(s.toMarkdown()).append('\n');
        }
        if (!targets.isEmpty()) {
            Section t = new Section("Targets", "status", "target", "measured");
            targets.forEach(x -> t.row(x.status(), x.claim(), x.measured()));
            sb.append(t.toMarkdown()).append('\n');
        }
        for (String n : notes) {
            sb.append("- ").append(n).append('\n');
        }
        return sb.toString();
    }

    /** Everything as JSON-ready maps and lists. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("experiment", experiment);
        m.put("title", title);
        m.put("quick", quick);
        List<Object> secs = new ArrayList<>();
        for (Section s : sections) {
            Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("heading", s.heading());
            sm.put("columns", s.columns());
            sm.put("rows", s.rows());
            secs.add(sm);
        }
        m.put("sections", secs);
        List<Object> ts = new ArrayList<>();
        for (Target t : targets) {
            ts.add(Map.of("claim", t.claim(), "measured", t.measured(), "met", t.met()));
        }
        m.put("targets", ts);
        m.put("metrics", new LinkedHashMap<>(metrics));
        m.put("notes", notes);
        return m;
    }
}
