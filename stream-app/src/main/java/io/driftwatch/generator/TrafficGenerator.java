package io.driftwatch.generator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Traffic of several models at once: each event goes to a model drawn by the models' traffic
 * weights, which then generates it ({@link TrafficModel}). Deterministic for a seed: the same models,
 * seed, start and sequence of event times give the same events. Each model's seed is derived from
 * the generator's seed and the model's position, so appending a model leaves the others' traffic
 * as it was. Event times come from the caller (a {@link Timeline}), so the same generator serves
 * real-time sending and fast offline generation with synthetic timestamps.
 *
 * <p>Not thread-safe: one thread drives a generator.
 */
public final class TrafficGenerator {

    private final Instant start;
    private final List<TrafficModel> models;
    private final DiscreteDistribution choice;
    private final SplittableRandom chooser;
    private final DeploymentSplit split;
    private final SplittableRandom splitter;

    /**
     * @param models the models; ids must be distinct
     * @param seed   seed of all randomness
     * @param start  the start of generation, from which scenario times count
     */
    public TrafficGenerator(List<ModelSpec> models, long seed, Instant start) {
        Objects.requireNonNull(start, "start");
        if (models.isEmpty()) {
            throw new IllegalArgumentException("a traffic generator needs at least one model");
        }
        Set<String> ids = new HashSet<>();
        for (ModelSpec m : models) {
            if (!ids.add(m.modelId())) {
                throw new IllegalArgumentException("model id '" + m.modelId() + "' appears twice; give each model its own id");
            }
        }
        this.start = start;
        SplittableRandom root = new SplittableRandom(seed);
        this.chooser = root.split();
        List<TrafficModel> built = new ArrayList<>(models.size());
        for (ModelSpec m : models) {
            built.add(new TrafficModel(m, root.nextLong(), start));
        }
        this.models = List.copyOf(built);
        this.choice = new DiscreteDistribution(models.stream().mapToDouble(ModelSpec::trafficWeight).toArray());
        this.split = null;
        this.splitter = null;
    }

    private TrafficGenerator(TrafficGenerator base, DeploymentSplit split, long seed) {
        this.start = base.start;
        this.models = base.models;
        this.choice = base.choice;
        this.chooser = base.chooser;
        this.split = split;
        this.splitter = new SplittableRandom(seed);
    }

    /**
     * This generator's traffic deployed as {@code split} says (a canary, a shadow, an A/B test).
     * Use the returned generator instead of this one: they share their random streams.
     */
    public TrafficGenerator deployed(DeploymentSplit split, long seed) {
        return new TrafficGenerator(this, Objects.requireNonNull(split, "split"), seed);
    }

    /** The next event, of the model this draw picks, made at {@code eventTime}. */
    public GeneratedEvent next(Instant eventTime) {
        TrafficModel model = models.size() == 1 ? models.get(0) : models.get(choice.sample(chooser));
        GeneratedEvent event = model.next(eventTime);
        return split == null ? event : split.apply(event, model.spec().classes(), splitter);
    }

    public Instant start() {
        return start;
    }

    public List<ModelSpec> models() {
        return models.stream().map(TrafficModel::spec).toList();
    }

    /** What happens when, over every model, in time order (ties in model order). */
    public List<ScheduledChange> changes() {
        List<ScheduledChange> all = new ArrayList<>();
        for (TrafficModel m : models) {
            all.addAll(m.spec().changes());
        }
        all.sort(Comparator.comparing(ScheduledChange::at));
        return List.copyOf(all);
    }
}
