package ldnn.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line into fields: RFC 4180 double quotes ("a,b" and "" for a quote), no multi-line fields. */
final class CsvLine {
    private CsvLine() {}

    static String[] split(String line, char delimiter, Path file, int lineNo) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        int quoteStart = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"' && cur.toString().isBlank()) {
                quoted = true;
                quoteStart = i;
                cur.setLength(0);
            } else if (c == delimiter) {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) {
            throw DataFileException.at(file, "line " + lineNo + ", character " + (quoteStart + 1),
                    "a closing double quote", "end of line (quoted fields spanning lines are not supported)");
        }
        fields.add(cur.toString());
        return fields.toArray(new String[0]);
    }
}
