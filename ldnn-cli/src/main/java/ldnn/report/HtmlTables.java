package ldnn.report;

import static ldnn.report.Html.esc;

import java.util.List;
import java.util.Map;
import ldnn.train.EpochRecord;

/** The page's data tables: ensemble members, every evaluation, and the configuration. */
final class HtmlTables {
    private HtmlTables() {
    }

    static void ensemble(StringBuilder out, RunData d) {
        List<Object> members = RunData.list(d.ensemble().get("members"));
        if (members.isEmpty()) {
            return;
        }
        out.append("<section id=\"ensemble\">\n<h2>Ensemble</h2>\n<table class=\"data\">\n<tr><th></th>"
                + "<th>validation loss</th><th>validation error</th><th>test loss</th><th>test error</th></tr>\n");
        for (int i = 0; i < members.size(); i++) {
            ensembleRow(out, "member " + (i + 1), RunData.map(members.get(i)), false);
        }
        Map<String, Object> whole = RunData.map(d.ensemble().get("ensemble"));
        if (!whole.isEmpty()) {
            ensembleRow(out, "ensemble", whole, true);
        }
        out.append("</table>\n</section>\n");
    }

    private static void ensembleRow(StringBuilder out, String name, Map<String, Object> e, boolean strong) {
        out.append(strong ? "<tr class=\"strong\">" : "<tr>").append("<th>").append(esc(name)).append("</th>");
        for (String split : List.of("validation", "test")) {
            Map<String, Object> m = RunData.map(e.get(split));
            out.append("<td class=\"num\">").append(esc(Html.number(RunData.num(m.get("loss"), Double.NaN))))
                    .append("</td><td class=\"num\">").append(esc(Html.percent(RunData.num(m.get("error"), Double.NaN))))
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

    static void configuration(StringBuilder out, RunData d) {
        out.append("<section id=\"configuration\">\n<h2>Configuration</h2>\n");
        Map<String, Object> settings = d.settings();
        Map<String, Object> overrides = RunData.map(d.config.get("overrides"));
        if (!settings.isEmpty()) {
            out.append("<h3>Training settings</h3>\n<table class=\"config\">\n");
            settings.forEach((k, v) -> row(out, k, v, changedBy(overrides, k)));
            out.append("</table>\n");
        }
        out.append("<h3>Changed from the recipe's defaults</h3>\n");
        if (overrides.isEmpty()) {
            out.append("<p class=\"muted\">Nothing: every setting is the recipe's default.</p>\n");
        } else {
            out.append("<table class=\"config\">\n");
            overrides.forEach((k, v) -> row(out, k, v, null));
            out.append("</table>\n");
        }
        out.append("<h3>Run</h3>\n<table class=\"config\">\n");
        d.config.forEach((k, v) -> {
            if (!k.equals("config") && !k.equals("overrides")) {
                row(out, k, k.equals("started") ? Html.time(v) : v, null);
            }
        });
        out.append("</table>\n</section>\n");
    }

    /** config.json keys whose override is named differently (TrainConfig's option names). */
    private static final Map<String, String> OPTION_NAMES = Map.of("lr", "learning rate", "min_lr_fraction",
            "minimum LR fraction", "time_budget_s", "time budget", "eval_every_steps", "evaluate every",
            "clip_norm", "gradient clipping", "update_ratio_band", "update/weight ratio band");

    /** Who changed a setting ("command line: 0.05"), or null when it has the recipe's default. */
    private static String changedBy(Map<String, Object> overrides, String key) {
        String option = OPTION_NAMES.getOrDefault(key, key.replace('_', ' '));
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            if (e.getKey().equalsIgnoreCase(option)) {
                return RunData.str(e.getValue());
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
