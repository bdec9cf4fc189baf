package io.driftwatch.bench.report;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table built row by row. */
public final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    public Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(String.valueOf(c).replace("|", "\\|"));
        }
        rows.add(row);
        return this;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) {
            b.append(" --- |");
        }
        b.append('\n');
        for (List<String> row : rows) {
            b.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return b.toString();
    }
}
