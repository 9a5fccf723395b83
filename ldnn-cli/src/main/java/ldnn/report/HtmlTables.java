package ldnn.report;

import static ldnn.report.Html.esc;

import java.util.List;
import java.util.Map;
import ldnn.io.Json;
import ldnn.train.EpochRecord;
import ldnn.train.Evaluation;
import ldnn.train.RecipeChecklist;
import ldnn.train.RunFiles;

/** The page's data tables: ensemble members, every evaluation, and the configuration. */
final class HtmlTables {
    private HtmlTables() {
    }

    static void ensemble(StringBuilder out, RunData d) {
        RunFiles.EnsembleResult e = d.ensemble();
        if (e == null || e.members() == null || e.members().isEmpty()) {
            return;
        }
        out.append("<section id=\"ensemble\">\n<h2>Ensemble</h2>\n<table class=\"data\">\n<tr><th></th>"
                + "<th>validation loss</th><th>validation error</th><th>test loss</th><th>test error</th></tr>\n");
        for (int i = 0; i < e.members().size(); i++) {
            RunFiles.Training m = e.members().get(i);
            ensembleRow(out, "member " + (i + 1), m.validation(), m.test() == null ? null : m.test().evaluation(), false);
        }
        if (e.ensemble() != null) {
            ensembleRow(out, "ensemble", e.ensemble().validation(),
                    e.ensemble().test() == null ? null : e.ensemble().test().evaluation(), true);
        }
        out.append("</table>\n</section>\n");
    }

    private static void ensembleRow(StringBuilder out, String name, Evaluation validation, Evaluation test, boolean strong) {
        out.append(strong ? "<tr class=\"strong\">" : "<tr>").append("<th>").append(esc(name)).append("</th>");
        for (Evaluation m : java.util.Arrays.asList(validation, test)) {
            out.append("<td class=\"num\">").append(esc(Html.number(m == null ? Double.NaN : m.loss())))
                    .append("</td><td class=\"num\">").append(esc(Html.percent(m == null ? Double.NaN : m.error())))
                    .append("</td>");
        }
        out.append("</tr>\n");
    }

    static void evaluations(StringBuilder out, RunData d) {
        if (d.evals.isEmpty()) {
            return;
        }
        boolean errors = d.evals.stream().anyMatch(r -> Double.isFinite(r.valError()) || Double.isFinite(r.trainError()));
        boolean text = d.isText();
        // a short table is open; a long one (evaluation every few steps) waits for a click
        out.append("<section id=\"evaluations\">\n<h2>Evaluations</h2>\n<details").append(d.evals.size() <= 20 ? " open" : "")
                .append(">\n<summary>").append(d.evals.size())
                .append(d.evals.size() == 1 ? " evaluation" : " evaluations").append("</summary>\n<table class=\"data\">\n")
                .append("<tr><th>epoch</th><th>step</th><th>train loss</th><th>validation loss</th>");
        if (text) {
            out.append("<th>validation bits/char</th>");
        }
        if (errors) {
            out.append("<th>train error</th><th>validation error</th>");
        }
        out.append("<th>LR</th><th>grad norm</th><th>clipped steps</th><th>examples/s</th><th>time</th></tr>\n");
        for (EpochRecord r : d.evals) {
            out.append("<tr>");
            cell(out, r.epoch() >= 0 ? String.valueOf(r.epoch() + 1) : "—");
            cell(out, r.step() >= 0 ? String.valueOf(r.step()) : "—");
            cell(out, Html.number(r.trainLoss()));
            cell(out, Html.number(r.valLoss()));
            if (text) {
                cell(out, Html.number(r.valLoss() / Charts.LN2));
            }
            if (errors) {
                cell(out, Html.percent(r.trainError()));
                cell(out, Html.percent(r.valError()));
            }
            cell(out, Html.number(r.lr()));
            cell(out, Html.number(r.gradNorm()));
            cell(out, String.valueOf(r.clipped()));
            cell(out, Html.count(r.examplesPerSecond()));
            cell(out, Html.duration(r.seconds()));
            out.append("</tr>\n");
        }
        out.append("</table>\n</details>\n</section>\n");
    }

    private static void cell(StringBuilder out, String text) {
        out.append("<td class=\"num\">").append(esc(text)).append("</td>");
    }

    @SuppressWarnings("unchecked")
    static void configuration(StringBuilder out, RunData d) {
        out.append("<section id=\"configuration\">\n<h2>Configuration</h2>\n");
        List<RecipeChecklist.Change> changes = d.config.overrides();
        if (d.config.config() != null) {
            Map<String, Object> settings = Json.convert(d.config.config(), Map.class);
            out.append("<h3>Training settings</h3>\n<table class=\"config\">\n");
            settings.forEach((k, v) -> row(out, k, v, changedBy(changes, k)));
            out.append("</table>\n");
        }
        out.append("<h3>Changed from the recipe's defaults</h3>\n");
        if (changes.isEmpty()) {
            out.append("<p class=\"muted\">Nothing: every setting is the recipe's default.</p>\n");
        } else {
            out.append("<table class=\"config\">\n");
            changes.forEach(c -> row(out, c.setting().label(), c.by() + ": " + c.value(), null));
            out.append("</table>\n");
        }
        out.append("<h3>Run</h3>\n<table class=\"config\">\n");
        row(out, "started", Html.time(d.config.started()), null);
        row(out, "model_spec", d.config.modelSpec(), null);
        row(out, "parameters", d.config.parameters(), null);
        row(out, "train_data", d.config.trainData(), null);
        row(out, "validation", d.config.validation(), null);
        row(out, "preprocessing", d.config.preprocessing(), null);
        row(out, "augmentation", d.config.augmentation(), null);
        row(out, "clip_norm_effective", d.config.clipNormEffective(), null);
        if (d.config.launch() != null) {
            Map<String, Object> launch = Json.convert(d.config.launch(), Map.class);
            launch.forEach((k, v) -> {
                if (v != null) {
                    row(out, k, v, null);
                }
            });
        }
        out.append("</table>\n</section>\n");
    }

    /** Who changed a setting ("command line: 0.05"), or null when it has the recipe's default. */
    private static String changedBy(List<RecipeChecklist.Change> changes, String settingsKey) {
        for (RecipeChecklist.Change c : changes) {
            if (settingsKey.equals(c.setting().settingsKey())) {
                return c.by() + ": " + c.value();
            }
        }
        return null;
    }

    private static void row(StringBuilder out, String key, Object value, String changedBy) {
        out.append(changedBy == null ? "<tr>" : "<tr class=\"st-changed\">").append("<th>").append(esc(key))
                .append("</th><td>").append(esc(Html.value(value)));
        if (changedBy != null) {
            out.append(" <span class=\"by\">(").append(esc(changedBy)).append(")</span>");
        }
        out.append("</td></tr>\n");
    }
}
