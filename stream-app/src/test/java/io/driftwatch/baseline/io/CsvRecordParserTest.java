package io.driftwatch.baseline.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordParserTest {

    private static List<CsvRecordParser.CsvRecord> parse(String text) throws IOException {
        List<CsvRecordParser.CsvRecord> records = new ArrayList<>();
        try (CsvRecordParser parser = new CsvRecordParser(new StringReader(text), ',')) {
            CsvRecordParser.CsvRecord r;
            while ((r = parser.next()) != null) {
                records.add(r);
            }
        }
        return records;
    }

    @Test
    void quotedFieldsHoldDelimitersQuotesAndLineBreaks() throws IOException {
        List<CsvRecordParser.CsvRecord> records = parse("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,,3\n");
        assertThat(records).extracting(CsvRecordParser.CsvRecord::fields).containsExactly(
            List.of("a", "b", "c"), List.of("x, y", "say \"hi\"", "two\nlines"), List.of("1", "", "3"));
        assertThat(records).extracting(CsvRecordParser.CsvRecord::line).containsExactly(1L, 2L, 4L);
        assertThat(records).allSatisfy(r -> assertThat(r.error()).isNull());
    }

    @Test
    void crlfLoneCrTrailingDelimiterAndEmptyLines() throws IOException {
        List<CsvRecordParser.CsvRecord> records = parse("a,b\r\n1,2\r\n\r\n3,\r4,\"5\"");
        assertThat(records).extracting(CsvRecordParser.CsvRecord::fields).containsExactly(
            List.of("a", "b"), List.of("1", "2"), List.of("3", ""), List.of("4", "5"));
        assertThat(records).extracting(CsvRecordParser.CsvRecord::line).containsExactly(1L, 2L, 4L, 5L);
        assertThat(parse("\"a\r\nb\"\n")).extracting(CsvRecordParser.CsvRecord::fields).containsExactly(List.of("a\r\nb"));
    }

    @Test
    void malformedRecordsSayWhyAndReadingGoesOnAtTheNextLine() throws IOException {
        List<CsvRecordParser.CsvRecord> records = parse("x,ab\"c\n1,\"q\"z,2\nok,1\n\"open,2\n3\n");
        assertThat(records.get(0).error()).contains("a quote inside unquoted field 2");
        assertThat(records.get(1).error()).contains("unexpected 'z' after the closing quote of field 2");
        assertThat(records.get(2).fields()).containsExactly("ok", "1");
        assertThat(records.get(2).line()).isEqualTo(3);
        assertThat(records.get(3).error()).contains("quoted field 1 opened on line 4 is not closed before the end of the file");
        assertThat(records).hasSize(4);
    }

    @Test
    void otherDelimiters() throws IOException {
        try (CsvRecordParser parser = new CsvRecordParser(new StringReader("a;b\n\"1;2\";3\n"), ';')) {
            assertThat(parser.next().fields()).containsExactly("a", "b");
            assertThat(parser.next().fields()).containsExactly("1;2", "3");
            assertThat(parser.next()).isNull();
        }
    }
}
