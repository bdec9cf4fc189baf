package io.driftwatch.alerting;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each node of a YAML document starts, by JSON pointer ({@code /rules/0/comparator}), read
 * from Jackson's token locations; and the keys a mapping repeats, which a tree read silently
 * collapses (the last one wins).
 */
final class YamlLocations {

    /** A key written twice in one mapping. */
    record DuplicateKey(String pointer, String key, int line, int firstLine) {
    }

    private final Map<String, Integer> lines;
    private final List<DuplicateKey> duplicates;

    private YamlLocations(Map<String, Integer> lines, List<DuplicateKey> duplicates) {
        this.lines = lines;
        this.duplicates = duplicates;
    }

    /** Scans a document; syntax errors surface as the parser's exception. */
    static YamlLocations scan(YAMLFactory factory, String text) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        List<DuplicateKey> duplicates = new ArrayList<>();
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    continue;
                }
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                int line = parser.currentTokenLocation().getLineNr();
                if (token == JsonToken.FIELD_NAME) {
                    Integer first = lines.putIfAbsent(pointer, line);
                    if (first != null) {
                        duplicates.add(new DuplicateKey(pointer, parser.currentName(), line, first));
                    }
                } else {
                    lines.putIfAbsent(pointer, line);
                }
            }
        }
        return new YamlLocations(lines, duplicates);
    }

    /** The line of the node at {@code pointer}, or of its nearest ancestor that has one; 1 for the root. */
    int line(String pointer) {
        String current = pointer;
        while (!current.isEmpty()) {
            Integer line = lines.get(current);
            if (line != null) {
                return line;
            }
            current = current.substring(0, current.lastIndexOf('/'));
        }
        return lines.getOrDefault("", 1);
    }

    List<DuplicateKey> duplicates() {
        return duplicates;
    }
}
