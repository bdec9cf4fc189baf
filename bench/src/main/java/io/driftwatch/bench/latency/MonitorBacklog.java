package io.driftwatch.bench.latency;

import io.driftwatch.bench.kafka.CommittedOffsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor's backlog on the predictions topic (end offsets − its group's committed offsets), sampled once a
 * second on a thread of its own while the traffic runs.
 *
 * <p>A monitor started beside a fresh broker on two cores spends its first half minute or more compiling: both JVMs'
 * JIT compilers and the broker take most of the cores, and the backlog grows at most of the traffic's rate before it
 * shrinks again. An alert in that time measures the warm-up, not the monitor's latency on a stream it keeps up with;
 * {@link #caughtUp} tells the benchmark when the warm-up is over, and the trace says how long it took.
 */
final class MonitorBacklog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MonitorBacklog.class);

    private final CommittedOffsets offsets;
    private final String topic;
    private final Thread sampler;
    private final List<Long> samples = new ArrayList<>();
    private volatile boolean running = true;

    MonitorBacklog(String bootstrap, String applicationId, String topic) {
        this.offsets = new CommittedOffsets(bootstrap, applicationId);
        this.topic = topic;
        this.sampler = new Thread(this::sample, "backlog-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sample() {
        try {
            while (running) {
                long backlog = offsets.end(topic) - offsets.committed(topic);
                synchronized (samples) {
                    samples.add(backlog);
                }
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Could not sample the monitor's backlog: {}", e.toString());
        }
    }

    /** Whether each of the last {@code seconds} samples was at most {@code events}. */
    boolean caughtUp(long events, int seconds) {
        synchronized (samples) {
            if (samples.size() < seconds) {
                return false;
            }
            return samples.subList(samples.size() - seconds, samples.size()).stream().allMatch(s -> s <= events);
        }
    }

    /** Samples taken so far, one a second from the start. */
    int count() {
        synchronized (samples) {
            return samples.size();
        }
    }

    /** The largest sample from index {@code from} on (0 when there is none). */
    long largestFrom(int from) {
        synchronized (samples) {
            return samples.subList(Math.min(from, samples.size()), samples.size()).stream()
                .mapToLong(Long::longValue).max().orElse(0);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
        offsets.close();
        synchronized (samples) {
            LOG.info("Monitor backlog on {}, one sample a second from the start of the traffic: {}", topic, samples);
        }
    }
}
