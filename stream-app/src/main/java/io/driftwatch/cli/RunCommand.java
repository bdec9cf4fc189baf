package io.driftwatch.cli;

import io.driftwatch.app.DriftwatchApp;
import io.driftwatch.config.DriftwatchConfig;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code driftwatch run}: the monitor against a real cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs the monitor against a Kafka cluster until stopped (Ctrl-C, SIGTERM).",
        "Every setting comes from --config, DRIFTWATCH_* environment variables, or --set; see docs/configuration.md."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        DriftwatchConfig config = connection.load();
        DriftwatchApp app = DriftwatchApp.create(config, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "driftwatch-shutdown"));
        app.start();
        app.awaitStop();
        return app.streams().state() == org.apache.kafka.streams.KafkaStreams.State.ERROR ? 1 : 0;
    }
}
