package io.driftwatch.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CompactMap} against {@link LinkedHashMap} (same contents, same order) over random operations, with
 * values boxed or put as unboxed doubles, and new keys put or appended.
 */
class CompactMapTest {

    @Test
    void behavesAsALinkedHashMapOverRandomOperations() {
        for (long seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            CompactMap<Object> map = new CompactMap<>(random.nextInt(4));
            LinkedHashMap<String, Object> expected = new LinkedHashMap<>();
            int keySpace = 1 + random.nextInt(60);
            for (int step = 0; step < 400; step++) {
                // Keys are new String instances each time: lookups must compare contents, not identity.
                String key = new String("k" + random.nextInt(keySpace));
                Object value = random.nextInt(5) == 0 ? null
                    : random.nextBoolean() ? (Object) random.nextInt(1000) : (Object) (random.nextInt(1000) / 8.0);
                int op = random.nextInt(100);
                if (op < 30) {
                    assertThat(map.put(key, value)).as("seed %d step %d: put %s", seed, step, key)
                        .isEqualTo(expected.put(key, value));
                } else if (op < 50) {
                    double number = random.nextInt(1000) / 4.0;
                    map.putDouble(key, number);
                    expected.put(key, number);
                } else if (op < 60) {
                    // Appended only when new, as the reader does; between lookups, so the index is both missing and kept up.
                    if (!expected.containsKey(key)) {
                        if (random.nextBoolean()) {
                            double number = random.nextInt(1000) / 4.0;
                            map.appendDouble(key, number);
                            expected.put(key, number);
                        } else {
                            map.append(key, value);
                            expected.put(key, value);
                        }
                    }
                } else if (op < 75) {
                    assertThat(map.get(key)).isEqualTo(expected.get(key));
                    assertThat(map.containsKey(key)).isEqualTo(expected.containsKey(key));
                } else if (op < 85) {
                    assertThat(map.remove(key)).isEqualTo(expected.remove(key));
                } else if (op < 95) {
                    removeEveryOther(map.entrySet().iterator());
                    removeEveryOther(expected.entrySet().iterator());
                } else if (op < 97) {
                    map.clear();
                    expected.clear();
                } else {
                    map.entrySet().iterator().forEachRemaining(e -> e.setValue(next(e.getValue())));
                    expected.entrySet().forEach(e -> e.setValue(next(e.getValue())));
                }
                assertThat(new ArrayList<>(map.entrySet())).as("seed %d step %d", seed, step)
                    .containsExactlyElementsOf(new ArrayList<>(expected.entrySet()));
            }
            assertThat(map).isEqualTo(expected).isEqualTo(new HashMap<>(expected)).hasSameHashCodeAs(expected);
            assertThat(new HashMap<>(expected)).isEqualTo(map);
            List<String> byPosition = new ArrayList<>();
            for (int i = 0; i < map.size(); i++) {
                byPosition.add(map.keyAt(i));
                Object value = expected.get(map.keyAt(i));
                assertThat(map.valueAt(i)).isEqualTo(value);
                assertThat(map.isDoubleAt(i)).isEqualTo(value instanceof Double);
                if (value instanceof Double d) {
                    assertThat(map.doubleAt(i)).isEqualTo(d);
                }
            }
            assertThat(byPosition).containsExactlyElementsOf(expected.keySet());
        }
    }

    private static Object next(Object value) {
        return value == null ? 0 : value instanceof Double d ? (Object) (d + 1) : (Object) ((Integer) value + 1);
    }

    private static void removeEveryOther(Iterator<? extends Map.Entry<String, Object>> it) {
        boolean remove = false;
        while (it.hasNext()) {
            it.next();
            if (remove) {
                it.remove();
            }
            remove = !remove;
        }
    }

    @Test
    void aKeyPutAgainKeepsItsPosition() {
        CompactMap<String> map = new CompactMap<>(2);
        map.put("a", "1");
        map.put("b", "2");
        map.put("a", "3");
        assertThat(map.keyAt(0)).isEqualTo("a");
        assertThat(map.valueAt(0)).isEqualTo("3");
        assertThat(map).hasSize(2);
    }

    @Test
    void aDoublePutUnboxedReadsAsADoubleEverywhere() {
        CompactMap<Object> map = new CompactMap<>(1);
        map.putDouble("x", 1.5);
        map.put("s", "text");
        map.putDouble("y", -0.0);
        assertThat(map).containsExactly(Map.entry("x", 1.5), Map.entry("s", "text"), Map.entry("y", -0.0));
        assertThat(map.doubleAt(2)).isEqualTo(-0.0);
        assertThat(map.put("x", "now text")).isEqualTo(1.5);
        assertThat(map.isDoubleAt(0)).isFalse();
        assertThatThrownBy(() -> map.doubleAt(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("s");
        map.remove("x");
        assertThat(map.doubleAt(1)).isEqualTo(-0.0);
        assertThat(map).isEqualTo(Map.of("s", "text", "y", -0.0));
    }

    @Test
    void refusesNullKeysAndPositionsOutside() {
        CompactMap<String> map = new CompactMap<>();
        assertThatThrownBy(() -> map.put(null, "x")).isInstanceOf(NullPointerException.class);
        assertThat(map.get(null)).isNull();
        assertThat(map.get(42)).isNull();
        map.put("a", null);
        assertThat(map.containsKey("a")).isTrue();
        assertThat(map.get("a")).isNull();
        assertThatThrownBy(() -> map.keyAt(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> map.valueAt(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aChangeWhileIteratingFailsFast() {
        CompactMap<Integer> map = new CompactMap<>();
        map.put("a", 1);
        map.put("b", 2);
        Iterator<Map.Entry<String, Integer>> it = map.entrySet().iterator();
        it.next();
        map.put("c", 3);
        assertThatThrownBy(it::next).isInstanceOf(ConcurrentModificationException.class);
        assertThatThrownBy(() -> map.forEach((k, v) -> map.remove("c"))).isInstanceOf(ConcurrentModificationException.class);
    }
}
