package ldnn.report;

/** The page's inline style sheet (the page must open from disk with no other file than its plots). */
final class HtmlStyle {
    private HtmlStyle() {
    }

    static final String CSS = """
            body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #222;
                   max-width: 1000px; margin: 24px auto; padding: 0 16px; line-height: 1.4; }
            h1 { font-size: 24px; margin: 0 0 12px; }
            h2 { font-size: 19px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #ddd; }
            h3 { font-size: 15px; margin: 16px 0 6px; }
            table { border-collapse: collapse; font-size: 14px; }
            th, td { padding: 4px 10px; border-bottom: 1px solid #e6e6e6; vertical-align: top; text-align: left; }
            table.facts th { color: #555; font-weight: 600; white-space: nowrap; }
            table.checklist { width: 100%; }
            table.checklist td.status { white-space: nowrap; font-weight: 600; }
            table.checklist td:nth-child(2) { min-width: 11em; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            .mark { display: inline-block; width: 1.2em; text-align: center; }
            .st-applied .status, span.st-applied { color: #1b7a1b; }
            .st-changed .status, span.st-changed { color: #a65f00; }
            tr.st-changed { background: #fff7e6; }
            .st-off .status, span.st-off { color: #777; }
            .st-na .status, span.st-na { color: #aaa; }
            .st-na td { color: #888; }
            p.legend { font-size: 13px; color: #555; }
            p.legend > span { margin-right: 16px; }
            p.notice { background: #fff3cd; border: 1px solid #e0c36a; padding: 8px 12px; border-radius: 4px; }
            p.muted { color: #777; }
            ul.warnings, ul.events { padding-left: 0; list-style: none; font-size: 14px; }
            ul.warnings li, ul.events li { padding: 5px 10px; margin: 4px 0; border-radius: 4px;
                   overflow-wrap: anywhere; }
            ul.warnings li { background: #fdecea; border-left: 4px solid #d62728; }
            ul.events li { background: #eef4fb; border-left: 4px solid #1f77b4; }
            .where { color: #555; font-variant-numeric: tabular-nums; }
            .monitor { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; background: rgba(0,0,0,.06);
                   padding: 1px 5px; border-radius: 3px; }
            figure { margin: 16px 0 24px; }
            figure img { max-width: 100%; height: auto; border: 1px solid #e6e6e6; }
            figcaption { font-size: 13px; color: #555; max-width: 900px; }
            table.data tr.strong { font-weight: 700; background: #f3f3f3; }
            table.config td { overflow-wrap: anywhere; }
            .by { color: #a65f00; font-size: 13px; }
            details summary { cursor: pointer; color: #1f77b4; margin-bottom: 6px; }
            footer { margin-top: 32px; font-size: 12px; color: #888; overflow-wrap: anywhere; }
            """;
}
