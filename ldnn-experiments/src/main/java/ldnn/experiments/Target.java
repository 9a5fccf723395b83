package ldnn.experiments;

/**
 * A pass/fail criterion and what was measured against it. A missed target is reported as missed, never
 * dropped from the table.
 *
 * @param claim    what should hold, e.g. "whole sequences sorted >= 99%"
 * @param measured the number(s) found, e.g. "97.3%"
 * @param met      whether it held
 */
public record Target(String claim, String measured, boolean met) {

    public String status() {
        return met ? "met" : "MISSED";
    }
}
