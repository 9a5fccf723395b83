package ldnn.report;

import static ldnn.report.Html.esc;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import ldnn.train.EpochRecord;
import ldnn.train.Evaluation;
import ldnn.train.Note;
import ldnn.train.RecipeChecklist;
import ldnn.train.RunFiles;

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
        String dataset = d.launch().dataset();
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
        RunFiles.Config c = d.config;
        RunFiles.Summary sum = d.summary;
        out.append("<header>\n<h1>Run report: ").append(esc(runName())).append("</h1>\n<table class=\"facts\">\n");
        if (d.launch().dataset() != null) {
            fact("Dataset", d.launch().dataset());
        }
        fact("Training data", Html.value(c.trainData()));
        if (c.validation() != null) {
            fact("Validation", c.validation());
        }
        fact("Model", Html.value(c.modelSpec()));
        fact("Parameters", Html.count(c.parameters() > 0 ? c.parameters() : Double.NaN));
        fact("Run time", Html.duration(sum != null ? sum.seconds() : lastSeconds())
                + (sum != null ? ", " + Html.count(sum.steps()) + " steps" : "")
                + (d.evals.isEmpty() ? "" : ", " + d.evals.size() + " evaluations"));
        fact("Stop reason", sum != null ? Html.value(sum.stopReason())
                : "did not finish (no " + RunFiles.SUMMARY + ": the run was stopped or is still going)");
        if (sum != null && sum.bestValidation() != null) {
            fact("Best validation", evaluation(sum.bestValidation())
                    + (sum.bestEpoch() >= 0 ? " (epoch " + (sum.bestEpoch() + 1) + ")" : ""));
        } else {
            // a run without summary.json: the best evaluation logged so far, scored as the trainer does
            d.evals.stream().filter(r -> Double.isFinite(score(r))).min(Comparator.comparingDouble(HtmlPage::score))
                    .ifPresent(r -> fact("Best validation so far", evaluation(new Evaluation(r.valLoss(), r.valError(), 0))
                            + (r.epoch() >= 0 ? " (epoch " + (r.epoch() + 1) + ")" : "")));
        }
        RunFiles.TestResult test = sum == null ? null : sum.test();
        fact("Test", test == null ? "not evaluated" : evaluation(test.evaluation()) + (test.unigramBitsPerCharacter() == null
                ? "" : String.format(Locale.ROOT, " (a unigram model of the training text: %.4f bits per character)",
                test.unigramBitsPerCharacter())) + ("mirror".equals(test.testTime())
                ? " (each image averaged with its mirror image" + (test.imageAlone() == null ? "" : "; the image alone: "
                + evaluation(test.imageAlone().evaluation())) + ")" : ""));
        RunFiles.EnsembleResult ens = d.ensemble();
        if (ens != null && ens.ensemble() != null) {
            fact("Ensemble of " + ens.members().size(), "validation " + evaluation(ens.ensemble().validation()) + "; test "
                    + evaluation(ens.ensemble().test() == null ? null : ens.ensemble().test().evaluation()));
        }
        fact("Started", Html.time(c.started()) + (sum != null && sum.finished() != null
                ? ", finished " + Html.time(sum.finished()) : ""));
        out.append("</table>\n</header>\n");
    }

    private double lastSeconds() {
        return d.evals.isEmpty() ? Double.NaN : d.evals.getLast().seconds();
    }

    /** "loss 0.3124, error 8.31%" (text: "loss 0.3124 nats = 0.4507 bits per character, ..."); "—" for none. */
    String evaluation(Evaluation e) {
        if (e == null) {
            return "—";
        }
        double loss = e.loss(), error = e.error();
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
            notice("The last line of " + RunFiles.METRICS + " was cut off (the run was probably killed "
                    + "while writing it) and is left out: " + abbreviate(d.tornLine, 120));
        }
        if (!d.hasMetricsFile) {
            notice("There is no " + RunFiles.METRICS + ": the run stopped before its first evaluation.");
        } else if (d.evals.isEmpty()) {
            notice(RunFiles.METRICS + " holds no evaluations yet, so there is nothing to plot.");
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
        List<RecipeChecklist.Item> items = d.summary == null ? List.of() : d.summary.checklist();
        out.append("<section id=\"checklist\">\n<h2>Recipe checklist</h2>\n");
        if (items.isEmpty()) {
            out.append("<p class=\"muted\">No checklist: it is written when the run finishes.</p>\n</section>\n");
            return;
        }
        out.append("<table class=\"checklist\">\n<tr><th>#</th><th>Recipe point</th><th>Status</th><th>Detail</th></tr>\n");
        for (RecipeChecklist.Item item : items) {
            Status s = item.status() == null ? Status.UNKNOWN : Status.valueOf(item.status().name());
            out.append("<tr class=\"").append(s.css).append("\"><td class=\"num\">")
                    .append(item.point() == null ? "" : item.point().number()).append("</td><td>")
                    .append(esc(item.point() == null ? "" : item.point().title()))
                    .append("</td><td class=\"status\"><span class=\"mark\">").append(s.symbol).append("</span> ")
                    .append(esc(s.label)).append("</td><td>").append(esc(item.describe())).append("</td></tr>\n");
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

        static String legend() {
            StringBuilder sb = new StringBuilder();
            for (Status v : List.of(APPLIED, OVERRIDDEN, OFF, NOT_APPLICABLE)) {
                sb.append("<span class=\"").append(v.css).append("\"><span class=\"mark\">").append(v.symbol)
                        .append("</span> ").append(v.label).append("</span> ");
            }
            return sb.toString().trim();
        }
    }

    private void notes(String title, List<Note> notes, String none) {
        String kind = title.toLowerCase(Locale.ROOT);
        out.append("<section id=\"").append(kind).append("\">\n<h2>").append(title).append(" (").append(notes.size()).append(")</h2>\n");
        if (notes.isEmpty()) {
            out.append("<p class=\"muted\">").append(esc(none)).append("</p>\n</section>\n");
            return;
        }
        out.append("<ul class=\"").append(kind).append("\">\n");
        for (Note n : notes) {
            out.append("<li><span class=\"where\">");
            out.append(n.step() >= 0 ? "step " + n.step() : "");
            out.append(n.epoch() >= 0 ? (n.step() >= 0 ? " · " : "") + "epoch " + (n.epoch() + 1) : "");
            out.append("</span>");
            if (n.monitor() != null && !n.monitor().isEmpty()) {
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
