package io.driftwatch.app;

import io.driftwatch.app.OpenTransaction.CoordinatorView;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, check after check, what to do about the transactions that hold restores, tasks or readers. Aborting a
 * transaction that is not hanging would lose a live producer's records and break exactly-once, so the judge
 * asks for more than one answer by Kafka's rule ({@link OpenTransaction#whyHanging}) before it says abort: the
 * very same transaction (same producer, epoch, start offset and last record) must hang by that rule at every
 * check for at least {@code minHangMs}, and at two checks or more. Its coordinator would have aborted it by then
 * had it known it, and an answer read between a producer's write and its coordinator's record of it does not
 * last. The time is this instance's own clock from the first sighting, not the record's timestamp, which a
 * producer stamps with event time (hours old in a backfill, or ahead of the clock).
 */
final class HangingTransactionJudge {

    /** What to do about one open transaction at one check. */
    enum Verdict {
        /** Its coordinator ends it: wait. */
        WAIT,
        /** It hangs, not yet for long enough, or aborting is switched off. */
        HANGING,
        /** It has hung since an earlier check, for long enough: abort it. */
        ABORT
    }

    private final long minHangMs;
    private final boolean abort;
    /** Since when each transaction found hanging at the last check has hung, at every check. */
    private Map<OpenTransaction, Long> hangingSince = Map.of();
    private final Map<OpenTransaction, Long> hangingNow = new HashMap<>();

    /**
     * @param minHangMs how long a transaction must have been seen hanging, at every check, before it is aborted
     * @param abort     false to report hanging transactions, never to abort them
     */
    HangingTransactionJudge(long minHangMs, boolean abort) {
        this.minHangMs = minHangMs;
        this.abort = abort;
    }

    Verdict judge(OpenTransaction open, Optional<CoordinatorView> coordinator, long nowMs) {
        if (open.whyHanging(coordinator).isEmpty()) {
            return Verdict.WAIT;
        }
        Long since = hangingSince.get(open);
        hangingNow.putIfAbsent(open, since == null ? nowMs : since);
        return abort && since != null && nowMs - since >= minHangMs ? Verdict.ABORT : Verdict.HANGING;
    }

    /** Ends a check: a transaction not found hanging in it starts its count again if it is found later. */
    void endCheck() {
        hangingSince = Map.copyOf(hangingNow);
        hangingNow.clear();
    }
}
