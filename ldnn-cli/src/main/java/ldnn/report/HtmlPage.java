package ldnn.report;

import static ldnn.report.Html.esc;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ldnn.train.EpochRecord;

/**
 * The report page: one self-contained HTML file (inline CSS, no scripts, no external URLs) that
 * shows images from plots/ by relative path. Run text is escaped wherever it goes.
 */
final class HtmlPage {
    private final RunData d;
    private final StringBuilder out = new StringBuilder(32_000);

    private HtmlPage(RunData d) {
        this.d = d;
    }

    static String render(RunData d, List<Charts.Plot> plots) {
        HtmlPage p = new HtmlPage(d);
        p.head();
        p.header();
        p.notices();
        p.checklist();
        p.notes("Warnings", d.warnings, "No warnings: no monitor saw anything wrong.");
        p.notes("Events", d.events, "No events (no LR changes, retries or resumes).");
        p.plots(plots);
        HtmlTables.ensemble(p.out, d);
        HtmlTables.evaluations(p.out, d);
        HtmlTables.configuration(p.out, d);
        p.out.append("<footer>Written by ldnn from ").append(esc(d.dir.toAbsolutePath().toString()))
                .append(".</footer>\n</body>\n</html>\n");
        return p.out.toString();
    }

    private String runName() {
        Object dataset = d.config.get("dataset");
        Path name = d.dir.toAbsolutePath().normalize().getFileName();
        return (name == null ? "run" : name.toString()) + (dataset == null ? "" : " — " + dataset);
    }

    private void head() {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>ldnn run report: ").append(esc(runName())).append("</title>\n<style>\n")
                .append(HtmlStyle.CSS).append("</style>\n</head>\n<body>\n");
    }

    private void header() {
        out.append("<header>\n<h1>Run report: ").append(esc(runName())).append("</h1>\n<table class=\"facts\">\n");
        if (d.config.get("dataset") != null) {
            fact("Dataset", Html.value(d.config.get("dataset")));
        }
        fact("Training data", Html.value(d.config.get("train_data")));
        if (d.config.get("validation") != null) {
            fact("Validation", Html.value(d.config.get("validation")));
        }
        fact("Model", Html.value(d.config.get("model_spec")));
        fact("Parameters", Html.count(RunData.num(d.config.get("parameters"), Double.NaN)));
        fact("Run time", Html.duration(RunData.num(d.summary.get("seconds"), lastSeconds()))
                + (d.summary.get("steps") instanceof Number n ? ", " + Html.count(n.doubleValue()) + " steps" : "")
                + (d.evals.isEmpty() ? "" : ", " + d.evals.size() + " evaluations"));
        fact("Stop reason", d.hasSummaryFile ? Html.value(d.summary.get("stop_reason"))
                : "did not finish (no " + ldnn.train.RunFolder.SUMMARY + ": the run was stopped or is still going)");
        Map<String, Object> best = RunData.map(d.summary.get("best_validation"));
        int bestEpoch = (int) RunData.num(d.summary.get("best_epoch"), -1);
        if (!best.isEmpty()) {
            fact("Best validation", evaluation(best) + (bestEpoch >= 0 ? " (epoch " + (bestEpoch + 1) + ")" : ""));
        } else {
            // a run without summary.json: the best evaluation logged so far, scored as the trainer does
            d.evals.stream().filter(r -> Double.isFinite(score(r))).min(Comparator.comparingDouble(HtmlPage::score))
                    .ifPresent(r -> fact("Best validation so far", evaluation(Map.of("loss", r.valLoss(),
                            "error", r.valError())) + (r.epoch() >= 0 ? " (epoch " + (r.epoch() + 1) + ")" : "")));
        }
        Map<String, Object> test = RunData.map(d.summary.get("test"));
        Map<String, Object> alone = RunData.map(test.get("image_alone"));
        fact("Test", test.isEmpty() ? "not evaluated" : evaluation(test) + ("mirror".equals(test.get("test_time"))
                ? " (each image averaged with its mirror image" + (alone.isEmpty() ? "" : "; the image alone: "
                + evaluation(alone)) + ")" : ""));
        Map<String, Object> ens = RunData.map(d.ensemble().get("ensemble"));
        if (!ens.isEmpty()) {
            fact("Ensemble of " + RunData.list(d.ensemble().get("members")).size(), "validation "
                    + evaluation(RunData.map(ens.get("validation"))) + "; test " + evaluation(RunData.map(ens.get("test"))));
        }
        fact("Started", Html.time(d.config.get("started")) + (d.summary.get("finished") != null
                ? ", finished " + Html.time(d.summary.get("finished")) : ""));
        out.append("</table>\n</header>\n");
    }

    private double lastSeconds() {
        return d.evals.isEmpty() ? Double.NaN : d.evals.getLast().seconds();
    }

    /** "loss 0.3124, error 8.31%" (text: "loss 0.3124 nats = 0.4507 bits per character, ...") from {loss, error}. */
    String evaluation(Map<String, Object> e) {
        if (e.isEmpty()) {
            return "—";
        }
        double loss = RunData.num(e.get("loss"), Double.NaN), error = RunData.num(e.get("error"), Double.NaN);
        StringBuilder sb = new StringBuilder("loss ").append(Html.number(loss));
        if (d.isText() && Double.isFinite(loss)) {
            sb.append(String.format(Locale.ROOT, " nats = %.4f bits per character", loss / Charts.LN2));
        }
        if (Double.isFinite(error)) {
            sb.append(", error ").append(Html.percent(error));
        }
        return sb.toString();
    }

    private void fact(String name, String text) {
        out.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(text)).append("</td></tr>\n");
    }

    private void notices() {
        if (d.tornLine != null) {
            notice("The last line of " + ldnn.train.RunFolder.METRICS + " was cut off (the run was probably killed "
                    + "while writing it) and is left out: " + abbreviate(d.tornLine, 120));
        }
        if (!d.hasMetricsFile) {
            notice("There is no " + ldnn.train.RunFolder.METRICS + ": the run stopped before its first evaluation.");
        } else if (d.evals.isEmpty()) {
            notice(ldnn.train.RunFolder.METRICS + " holds no evaluations yet, so there is nothing to plot.");
        }
    }

    /** The error rate, or the loss when there is none (as Evaluation.score). */
    private static double score(EpochRecord r) {
        return Double.isNaN(r.valError()) ? r.valLoss() : r.valError();
    }

    private static String abbreviate(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n) + "…";
    }

    private void notice(String text) {
        out.append("<p class=\"notice\">").append(esc(text)).append("</p>\n");
    }

    private void checklist() {
        List<Object> items = RunData.list(d.summary.get("checklist"));
        out.append("<section id=\"checklist\">\n<h2>Recipe checklist</h2>\n");
        if (items.isEmpty()) {
            out.append("<p class=\"muted\">No checklist: it is written when the run finishes.</p>\n</section>\n");
            return;
        }
        out.append("<table class=\"checklist\">\n<tr><th>#</th><th>Recipe point</th><th>Status</th><th>Detail</th></tr>\n");
        for (Object o : items) {
            Map<String, Object> item = RunData.map(o);
            Status s = Status.of(RunData.str(item.get("status")));
            out.append("<tr class=\"").append(s.css).append("\"><td class=\"num\">")
                    .append(esc(Html.value(item.get("point")))).append("</td><td>").append(esc(RunData.str(item.get("title"))))
                    .append("</td><td class=\"status\"><span class=\"mark\">").append(s.symbol).append("</span> ")
                    .append(esc(s.label)).append("</td><td>").append(esc(RunData.str(item.get("detail")))).append("</td></tr>\n");
        }
        out.append("</table>\n<p class=\"legend\">").append(Status.legend()).append("</p>\n</section>\n");
    }

    /** How a checklist status looks: a symbol and a color class, so status never relies on color alone. */
    private enum Status {
        APPLIED("✔", "applied", "st-applied"), OVERRIDDEN("✎", "changed", "st-changed"),
        OFF("○", "not used", "st-off"), NOT_APPLICABLE("–", "not applicable", "st-na"), UNKNOWN("?", "", "st-na");

        final String symbol, label, css;

        Status(String symbol, String label, String css) {
            this.symbol = symbol;
            this.label = label;
            this.css = css;
        }

        static Status of(String s) {
            for (Status v : values()) {
                if (v.name().equalsIgnoreCase(s.replace(' ', '_'))) {
                    return v;
                }
            }
            return UNKNOWN;
        }

        static String legend() {
            StringBuilder sb = new StringBuilder();
            for (Status v : List.of(APPLIED, OVERRIDDEN, OFF, NOT_APPLICABLE)) {
                sb.append("<span class=\"").append(v.css).append("\"><span class=\"mark\">").append(v.symbol)
                        .append("</span> ").append(v.label).append("</span> ");
            }
            return sb.toString().trim();
        }
    }

    private void notes(String title, List<RunData.Note> notes, String none) {
        String kind = title.toLowerCase(Locale.ROOT);
        out.append("<section id=\"").append(kind).append("\">\n<h2>").append(title).append(" (").append(notes.size()).append(")</h2>\n");
        if (notes.isEmpty()) {
            out.append("<p class=\"muted\">").append(esc(none)).append("</p>\n</section>\n");
            return;
        }
        out.append("<ul class=\"").append(kind).append("\">\n");
        for (RunData.Note n : notes) {
            out.append("<li><span class=\"where\">");
            out.append(n.step() >= 0 ? "step " + n.step() : "");
            out.append(n.epoch() >= 0 ? (n.step() >= 0 ? " · " : "") + "epoch " + (n.epoch() + 1) : "");
            out.append("</span>");
            if (!n.monitor().isEmpty()) {
                out.append(" <span class=\"monitor\">").append(esc(n.monitor())).append("</span>");
            }
            out.append(" ").append(esc(n.message())).append("</li>\n");
        }
        out.append("</ul>\n</section>\n");
    }

    private void plots(List<Charts.Plot> plots) {
        out.append("<section id=\"plots\">\n<h2>Plots</h2>\n");
        if (plots.isEmpty()) {
            out.append("<p class=\"muted\">Nothing to plot: the run recorded no evaluations.</p>\n");
        }
        for (Charts.Plot p : plots) {
            out.append("<figure>\n<img src=\"").append(esc(RunReport.PLOTS + "/" + p.file())).append("\" width=\"")
                    .append(ChartStyle.WIDTH).append("\" height=\"").append(ChartStyle.HEIGHT).append("\" alt=\"")
                    .append(esc(p.title())).append("\">\n<figcaption>").append(esc(p.caption()))
                    .append("</figcaption>\n</figure>\n");
        }
        out.append("</section>\n");
    }
}
