package ldnn.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * STUB, to be replaced by the real report (package ldnn.report, built on another branch): writes a
 * minimal report.html that shows summary.json as text, so `ldnn train` has a report to point at.
 */
public final class RunReport {
    private RunReport() {
    }

    /** Writes runDir/report.html (atomically) and returns its path. */
    public static Path write(Path runDir) throws IOException {
        Path summary = runDir.resolve("summary.json");
        String json = Files.exists(summary) ? Files.readString(summary) : "(no summary.json)";
        String html = "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>ldnn run " + escape(runDir.toString())
                + "</title></head>\n<body><h1>ldnn run " + escape(runDir.getFileName() == null ? "" : runDir.getFileName().toString())
                + "</h1>\n<h2>summary.json</h2>\n<pre>" + escape(json) + "</pre>\n</body></html>\n";
        Path report = runDir.resolve("report.html");
        ldnn.io.AtomicFiles.writeString(report, html);
        return report;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
