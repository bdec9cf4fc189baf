package io.driftwatch.performance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bytes each concept-drift detector's state encodes to, pinned. State stores and their
 * changelogs keep these bytes across upgrades, so a change to a detector's code must neither
 * change what it writes nor stop reading what an older build wrote; the round-trip tests cannot
 * see a format change that reading and writing make together.
 *
 * <p>The hex literals are what the detectors produced when this test was written. The input is
 * a clean run (one error in ten) then a bad one (two in three), cut where each state of interest
 * is reached: fresh, right on a signal (restart pending), in DDM's warning zone, after a restart.
 */
class DetectorStateFormatTest {

  private record Pinned(Supplier<ConceptDriftDetector> detector, int values, String hex) {}

  static Stream<Arguments> pinnedStates() {
    return Stream.of(
        pinned("fresh ADWIN", Adwin::new, 0,
            "41013f60624dd2f1a9fc2000000000000000000000000000000000000000000100"),
        pinned("ADWIN on its first signal", Adwin::new, 352,
            "41013f60624dd2f1a9fc2000e0020180014044800000000000403bde0000000008050400000000000000000000000000"
            + "0000003ff000000000000000000000000000003ff0000000000000000000000000000000000000000000000000000000"
            + "00000004400000000000000000000000000000003ff00000000000003fe00000000000003ff00000000000003fe00000"
            + "00000000400000000000000000000000000000000540080000000000003fe800000000000040000000000000003ff000"
            + "000000000040080000000000003fe800000000000040080000000000003fe800000000000040000000000000003ff000"
            + "0000000000043ff00000000000003fec00000000000040000000000000003ff800000000000040180000000000003ff8"
            + "00000000000040140000000000003ffe000000000000043ff00000000000003fee00000000000040000000000000003f"
            + "fc0000000000003ff00000000000003fee00000000000040000000000000003ffc000000000000"),
        pinned("ADWIN, own config, several cuts",
            () -> new Adwin(new Adwin.Config(0.01, 16, true)), 450,
            "41013f847ae147ae147b1001c20303b2014059c000000000004045b30e61cc398306043ff00000000000000000000000"
            + "000000000000000000000000000000000000003ff000000000000000000000000000003ff00000000000000000000000"
            + "00000005400000000000000000000000000000003ff00000000000003fe00000000000003ff00000000000003fe00000"
            + "00000000400000000000000000000000000000003ff00000000000003fe00000000000000540080000000000003fe800"
            + "000000000040000000000000003ff000000000000040080000000000003fe800000000000040080000000000003fe800"
            + "000000000040000000000000003ff00000000000000440140000000000003ffe00000000000040140000000000003ffe"
            + "00000000000040180000000000003ff800000000000040140000000000003ffe00000000000005402600000000000040"
            + "0b8000000000004026000000000000400b8000000000004024000000000000400e000000000000402600000000000040"
            + "0b8000000000004026000000000000400b8000000000000140140000000000004010e00000000000"),
        pinned("fresh DDM", Ddm::new, 0,
            "44011e400000000000000040080000000000000000013ff000000000000000000000000000007fefffffffffffff7fef"
            + "ffffffffffff7fefffffffffffff0000"),
        pinned("DDM on its first drift, restart pending", Ddm::new, 320,
            "44011e40000000000000004008000000000000c00201c1023fc13333333333333f9385ead50dc0273fbdcdd957b90e26"
            + "3fb9567f9029f0473f91dd671e3c777e0100"),
        pinned("DDM, own config, in warning", () -> new Ddm(new Ddm.Config(20, 2.5, 3.5)), 317,
            "4401144004000000000000400c000000000000bd0200be023fc08e21eb00cebd3f934ccd73958daf3fbdcdd957b90e26"
            + "3fb9567f9029f0473f91dd671e3c777e0001"),
        pinned("DDM, own config, restarted after a drift",
            () -> new Ddm(new Ddm.Config(20, 2.5, 3.5)), 450,
            "4401144004000000000000400c000000000000c203017f3fe55555555555563fa58081b0954e223fe685755bb2382b3f"
            + "e5294a5294a52a3fa5c2b091d930100000"),
        pinned("fresh Page-Hinkley", PageHinkley::new, 0,
            "50011e3f747ae147ae147b40490000000000003fefff2e48e8a71e0000010000000000000000000000000000000000"),
        pinned("Page-Hinkley on its first change, restart pending", PageHinkley::new, 411,
            "50011e3f747ae147ae147b40490000000000003fefff2e48e8a71e9b03019c033fd031d466269e36404955a23f16bd16"
            + "01"),
        pinned("Page-Hinkley, own config, restarted after a change",
            () -> new PageHinkley(new PageHinkley.Config(25, 0.01, 20, 0.999)), 450,
            "5001193f847ae147ae147b40340000000000003feff7ced916872bc20301683fe56fd83ba68633bfea8e878efbf75100"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pinnedStates")
  void encodesToThePinnedBytes(Pinned pinned) {
    ConceptDriftDetector detector = fed(pinned);
    assertThat(HexFormat.of().formatHex(detector.toBytes())).isEqualTo(pinned.hex());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pinnedStates")
  void restoresThePinnedBytes(Pinned pinned) {
    ConceptDriftDetector original = fed(pinned);
    ConceptDriftDetector restored = ConceptDriftDetectors.restore(original.id(), HexFormat.of().parseHex(pinned.hex()));
    assertThat(restored.observations()).isEqualTo(pinned.values());
    assertThat(restored.detections()).isEqualTo(original.detections());
    assertThat(restored.inWarning()).isEqualTo(original.inWarning());
    // Boxed, so that the NaN of a fresh detector equals itself.
    assertThat(Double.valueOf(restored.estimate())).isEqualTo(Double.valueOf(original.estimate()));
    for (int i = pinned.values(); i < pinned.values() + 200; i++) {
      assertThat(restored.update(error(i))).as("signal on value %d", i).isEqualTo(original.update(error(i)));
    }
    assertThat(restored.toBytes()).isEqualTo(original.toBytes());
  }

  private static ConceptDriftDetector fed(Pinned pinned) {
    ConceptDriftDetector detector = pinned.detector().get();
    for (int i = 0; i < pinned.values(); i++) {
      detector.update(error(i));
    }
    return detector;
  }

  /** One error in ten for 300 values, then two in three. */
  private static double error(int i) {
    return i < 300 ? (i % 10 == 3 ? 1 : 0) : (i % 3 != 0 ? 1 : 0);
  }

  private static Arguments pinned(String name, Supplier<ConceptDriftDetector> detector, int values, String hex) {
    return Arguments.of(Named.of(name, new Pinned(detector, values, hex)));
  }
}
