package org.ffsweep.sweep.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Axis values: lists, and inclusive decimal-exact ranges with their errors. */
class AxisValuesTest {
    @TempDir
    Path tmp;

    private List<ConfigValue> axis(String hocon) throws IOException {
        Path f = Files.writeString(tmp.resolve("axis.conf"), "# an axis\na = " + hocon + "\n");
        return AxisValues.read("a", ConfigFactory.parseFile(f.toFile()).getValue("a"));
    }

    private static List<String> rendered(List<ConfigValue> values) {
        return values.stream().map(ConfigValues::render).toList();
    }

    @Test
    void halfStepsFromHalfToTenAndAHalfAreExactlyTwentyOneValues() throws IOException {
        List<ConfigValue> v = axis("{ from = 0.5, to = 10.5, step = 0.5 }");

        assertEquals(21, v.size());
        assertEquals("0.5", ConfigValues.render(v.get(0)));
        assertEquals("5.5", ConfigValues.render(v.get(10)));
        assertEquals("10.5", ConfigValues.render(v.get(20)));
    }

    @Test
    void tenthsAreDecimalExact() throws IOException {
        assertEquals(List.of("0.1", "0.2", "0.3"), rendered(axis("{ from = 0.1, to = 0.3, step = 0.1 }")));
        assertEquals(List.of("0.7", "0.8", "0.9", "1.0"), rendered(axis("{ from = 0.7, to = 1.0, step = 0.1 }")));
    }

    @Test
    void integralRangesGiveIntegersAndStopAtOrBeforeTo() throws IOException {
        assertEquals(List.of("100", "200", "300"), rendered(axis("{ from = 100, to = 300, step = 100 }")));
        assertEquals(List.of("1", "3", "5"), rendered(axis("{ from = 1, to = 6, step = 2 }")));
        assertEquals(List.of("4"), rendered(axis("{ from = 4, to = 4, step = 1 }")));
        assertEquals(Integer.class, axis("{ from = 1.0, to = 2, step = 1 }").get(0).unwrapped().getClass());
    }

    @Test
    void listsKeepTheirOrder() throws IOException {
        assertEquals(List.of("\"relu\"", "[500,400]", "2"), rendered(axis("[relu, [500, 400], 2]")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "zero step       | { from = 1, to = 2, step = 0 }     | step must be > 0",
        "negative step   | { from = 1, to = 2, step = -0.5 }  | step must be > 0",
        "to below from   | { from = 2, to = 1, step = 0.5 }   | to must be >= its from",
        "missing step    | { from = 1, to = 2 }               | exactly the keys [from, step, to]",
        "text bound      | { from = a, to = 2, step = 1 }     | from must be a number",
        "too many values | { from = 0, to = 1, step = 1e-9 }  | at most 100000",
        "empty list      | []                                 | at least one value",
        "a scalar        | 3                                  | expected a list of values or a range",
    })
    void badAxesAreRefusedWithFileAndLine(String what, String hocon, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> axis(hocon));

        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.getMessage().contains("axis.conf: 2"), () -> "names the file and line: " + e.getMessage());
    }
}
