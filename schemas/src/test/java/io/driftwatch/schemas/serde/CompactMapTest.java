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

/** {@link CompactMap} against {@link LinkedHashMap} (same contents, same order) over random operations. */
class CompactMapTest {

    @Test
    void behavesAsALinkedHashMapOverRandomOperations() {
        for (long seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            CompactMap<Integer> map = new CompactMap<>(random.nextInt(4));
            LinkedHashMap<String, Integer> expected = new LinkedHashMap<>();
            int keySpace = 1 + random.nextInt(60);
            for (int step = 0; step < 400; step++) {
                // Keys are new String instances each time: lookups must compare contents, not identity.
                String key = new String("k" + random.nextInt(keySpace));
                Integer value = random.nextInt(5) == 0 ? null : random.nextInt(1000);
                int op = random.nextInt(100);
                if (op < 55) {
                    assertThat(map.put(key, value)).as("seed %d step %d: put %s", seed, step, key)
                        .isEqualTo(expected.put(key, value));
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
                    map.entrySet().iterator().forEachRemaining(e -> e.setValue(e.getValue() == null ? 0 : e.getValue() + 1));
                    expected.entrySet().forEach(e -> e.setValue(e.getValue() == null ? 0 : e.getValue() + 1));
                }
                assertThat(new ArrayList<>(map.entrySet())).as("seed %d step %d", seed, step)
                    .containsExactlyElementsOf(new ArrayList<>(expected.entrySet()));
            }
            assertThat(map).isEqualTo(expected).isEqualTo(new HashMap<>(expected)).hasSameHashCodeAs(expected);
            assertThat(new HashMap<>(expected)).isEqualTo(map);
            List<String> byPosition = new ArrayList<>();
            for (int i = 0; i < map.size(); i++) {
                byPosition.add(map.keyAt(i));
                assertThat(map.valueAt(i)).isEqualTo(expected.get(map.keyAt(i)));
            }
            assertThat(byPosition).containsExactlyElementsOf(expected.keySet());
        }
    }

    private static void removeEveryOther(Iterator<? extends Map.Entry<String, Integer>> it) {
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
