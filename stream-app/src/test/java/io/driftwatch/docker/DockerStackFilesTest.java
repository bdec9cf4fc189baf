package io.driftwatch.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.driftwatch.config.DriftwatchConfig;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static checks of the docker stack in {@code docker/}: no Docker engine is needed. The compose
 * file, the Prometheus configuration, rules and rule tests, and the Alertmanager configuration are
 * checked by the real tools (docker-compose, promtool, amtool); the Grafana dashboards are checked
 * here, and may query only metrics Driftwatch exports ({@link DriftwatchMetricCatalog}).
 */
class DockerStackFilesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The services of the full stack. */
    private static final Set<String> SERVICES = Set.of("kafka", "schema-registry", "topics", "driftwatch", "generator",
        "kafka-connect", "connector-setup", "prometheus", "alertmanager", "grafana");
    /** Alerting rules the stack promises (docs/deployment.md lists them). */
    private static final Set<String> REQUIRED_ALERTS = Set.of("DriftwatchFeatureDrift", "DriftwatchDatasetDrift",
        "DriftwatchQualityDrop", "DriftwatchLatencyP99High", "DriftwatchErrorRateHigh",
        "DriftwatchFairnessDisparateImpact", "DriftwatchAppDown", "DriftwatchNotReady", "DriftwatchPartitionHeld",
        "DriftwatchDeadLettersRising");
    private static final Set<String> SEVERITIES = Set.of("info", "warning", "critical");
    /** Dashboards by uid. */
    private static final Set<String> DASHBOARDS = Set.of("driftwatch-overview", "driftwatch-model-drift",
        "driftwatch-quality", "driftwatch-latency", "driftwatch-fairness");
    /** Grafana's own variables that dashboards may use in queries. */
    private static final Set<String> GRAFANA_BUILTINS = Set.of("__rate_interval", "__range", "__interval");

    private static final Path ROOT = RepositoryRoot.find();
    private static final Path DOCKER = ROOT.resolve("docker");

    // ------------------------------------------------------------------------------------------
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Compose {

        /** `docker-compose config` output, run once for all the checks of this class. */
        private JsonNode resolvedCompose;

        /** The compose file as docker-compose resolves it (anchors merged, paths absolute). */
        private JsonNode resolved() {
            Path compose = ExternalTool.require("docker-compose", "docker-compose");
            if (resolvedCompose == null) {
                ExternalTool.Result result = ExternalTool.run(ROOT, compose.toString(), "-f", "docker/docker-compose.yml", "config");
                assertThat(result.exitCode()).as(result.describe()).isZero();
                resolvedCompose = readYaml(result.output());
            }
            return resolvedCompose;
        }

        @Test
        void dockerComposeAcceptsTheFileAndItHoldsTheWholeStack() {
            JsonNode services = resolved().path("services");

            assertThat(names(services)).containsExactlyInAnyOrderElementsOf(SERVICES);
        }

        @Test
        void everyServiceIsDescribedInTheDeploymentGuide() throws IOException {
            String guide = Files.readString(ROOT.resolve("docs/deployment.md"));

            assertThat(names(resolved().path("services"))).allSatisfy(service ->
                assertThat(guide).as("docs/deployment.md's table of services").contains("| `" + service + "` |"));
        }

        @Test
        void publishedPortsListenOnLoopbackOnly() {
            resolved().path("services").fields().forEachRemaining(service -> {
                for (JsonNode port : service.getValue().path("ports")) {
                    String hostIp = port.isTextual() ? port.asText().split(":")[0] : port.path("host_ip").asText();
                    assertThat(hostIp).as("%s publishes %s; bind it to 127.0.0.1 (nothing in the stack has authentication on)",
                        service.getKey(), port).isEqualTo("127.0.0.1");
                }
            });
        }

        @Test
        void servicesWaitedForAreHealthcheckedOrOneShot() throws IOException {
            JsonNode services = resolved().path("services");
            boolean imageHasHealthcheck = Files.readString(DOCKER.resolve("Dockerfile")).contains("\nHEALTHCHECK ");
            services.fields().forEachRemaining(service -> {
                JsonNode spec = service.getValue();
                if (spec.has("ports")) {
                    assertThat(hasHealthcheck(spec, imageHasHealthcheck))
                        .as("%s serves ports but has no healthcheck", service.getKey()).isTrue();
                }
                spec.path("depends_on").fields().forEachRemaining(dependency -> {
                    JsonNode target = services.path(dependency.getKey());
                    String condition = dependency.getValue().path("condition").asText();
                    if (condition.equals("service_healthy")) {
                        assertThat(hasHealthcheck(target, imageHasHealthcheck))
                            .as("%s waits for %s to be healthy, which has no healthcheck", service.getKey(), dependency.getKey())
                            .isTrue();
                    } else if (condition.equals("service_completed_successfully")) {
                        assertThat(target.path("restart").asText())
                            .as("%s waits for %s to complete: it must be a one-shot (restart: \"no\")", service.getKey(), dependency.getKey())
                            .isEqualTo("no");
                    } else {
                        fail(service.getKey() + " depends on " + dependency.getKey() + " without a condition:"
                            + " it would start before the dependency is up");
                    }
                });
            });
        }

        @Test
        void bindMountsNameFilesOfTheRepositoryOrItsBuildOutput() throws IOException {
            String version = projectVersion();
            resolved().path("services").fields().forEachRemaining(service -> {
                for (JsonNode volume : service.getValue().path("volumes")) {
                    String source = volume.isTextual() ? volume.asText().split(":")[0] : volume.path("source").asText();
                    if (!source.startsWith("/")) {
                        continue; // a named volume
                    }
                    Path path = Path.of(source).normalize();
                    assertThat(path.startsWith(ROOT)).as("%s mounts %s from outside the repository", service.getKey(), source).isTrue();
                    String relative = ROOT.relativize(path).toString();
                    if (relative.matches("(.*/)?target(/.*)?")) {
                        assertThat(relative)
                            .as("%s mounts build output; it must be the plugin folder of this version", service.getKey())
                            .isEqualTo("connectors/target/driftwatch-connectors-" + version + "-plugin");
                    } else {
                        assertThat(path).as("%s mounts %s, which does not exist", service.getKey(), source).exists();
                    }
                }
            });
        }

        @Test
        void driftwatchAcceptsItsConfigurationWithTheEnvironmentOverrides() throws IOException {
            JsonNode driftwatch = resolved().path("services").path("driftwatch");
            Map<String, String> settings = new HashMap<>(properties(DOCKER.resolve("config/driftwatch.properties")));
            driftwatch.path("environment").fields().forEachRemaining(e -> {
                if (e.getKey().startsWith("DRIFTWATCH_")) {
                    settings.putAll(io.driftwatch.config.ConfigSources.fromEnvironment(Map.of(e.getKey(), e.getValue().asText())));
                }
            });

            assertThat(settings).containsKeys("bootstrap.servers", "schema.registry.url", "kafka.state.dir");
            assertThatCode(() -> DriftwatchConfig.from(settings)).doesNotThrowAnyException();
            assertThat(settings.get("kafka.state.dir")).as("state must live on the named volume")
                .startsWith(volumeTarget(driftwatch, "driftwatch-state"));
        }

        @Test
        void driftwatchAndTheGeneratorUseTheStacksRegistryThroughItsConfluentApi() throws IOException {
            JsonNode services = resolved().path("services");
            JsonNode registry = services.path("schema-registry");
            String url = services.path("driftwatch").path("environment").path("DRIFTWATCH_SCHEMA_REGISTRY_URL").asText();
            List<String> generator = new ArrayList<>();
            services.path("generator").path("command").forEach(argument -> generator.add(argument.asText()));
            URI uri = URI.create(url);
            List<Integer> registryPorts = new ArrayList<>();
            registry.path("ports").forEach(port -> registryPorts.add(containerPort(port)));

            assertThat(registry.path("image").asText()).as("the stack runs the registry version the integration tests run")
                .isEqualTo("apicurio/apicurio-registry:" + parentPomProperty("apicurio-registry.version"));
            assertThat(uri.getHost()).isEqualTo("schema-registry");
            assertThat(uri.getPath()).as("Apicurio serves Confluent's API under this path").isEqualTo("/apis/ccompat/v7");
            assertThat(registryPorts).as("the registry's published container ports").contains(uri.getPort());
            assertThat(generator.get(generator.indexOf("--schema-registry-url") + 1)).isEqualTo(url);
        }

        @Test
        void connectorSetupPostsTheShippedConnectorConfigToTheStacksServices() throws IOException {
            JsonNode services = resolved().path("services");
            JsonNode setup = services.path("connector-setup");
            JsonNode connector = JSON.readTree(ROOT.resolve("connectors/config/alertmanager-sink.json").toFile());

            assertThat(setup.path("environment").path("CONNECTOR_NAME").asText()).isEqualTo(connector.path("name").asText());
            assertThat(setup.path("volumes").toString()).contains(ROOT.resolve("connectors/config/alertmanager-sink.json").toString());
            assertThat(URI.create(connector.path("config").path("alertmanager.urls").asText()).getHost()).isIn(names(services));
            assertThat(URI.create(setup.path("environment").path("CONNECT_URL").asText()).getHost()).isIn(names(services));
        }

        @Test
        void dockerfileBuildsTheAppAndRunsItAsANonRootUserWithAHealthcheck() throws IOException {
            String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
            List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();

            assertThat(dockerfile)
                .contains("FROM maven:3.9-eclipse-temurin-17 AS build")
                .contains("./mvnw -B -ntp -pl stream-app -am package -DskipTests")
                .contains("FROM eclipse-temurin:17-jre")
                .contains("EXPOSE 8080")
                .containsPattern("HEALTHCHECK .*\\n?.*http://localhost:8080/health")
                .containsPattern("ENTRYPOINT \\[\"java\", .*\"-jar\", \"/opt/driftwatch/driftwatch.jar\"]")
                .contains("CMD [\"run\", \"--config\", \"/etc/driftwatch/driftwatch.properties\"]");
            Matcher user = Pattern.compile("(?m)^USER (\\S+)").matcher(dockerfile);
            String lastUser = null;
            while (user.find()) {
                lastUser = user.group(1);
            }
            assertThat(lastUser).as("the runtime stage's USER").isNotNull().doesNotStartWith("root").doesNotStartWith("0");
            Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(dockerfile);
            while (copy.find()) {
                String source = copy.group(1);
                if (!source.equals(".")) {
                    assertThat(ROOT.resolve(source)).as("COPY %s", source).exists();
                    assertThat(ignored).as("COPY %s, but .dockerignore leaves it out of the build context", source)
                        .noneMatch(pattern -> source.startsWith(pattern.replaceAll("/$", "")));
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    @Nested
    class Prometheus {

        private Path promtool() {
            return ExternalTool.require("promtool", "prometheus");
        }

        @Test
        void promtoolAcceptsTheConfiguration() {
            ExternalTool.Result result = ExternalTool.run(ROOT, promtool().toString(), "check", "config", "docker/prometheus/prometheus.yml");

            assertThat(result.exitCode()).as(result.describe()).isZero();
            assertThat(result.output()).as(result.describe()).contains("1 rule files found");
        }

        @Test
        void promtoolAcceptsTheRules() {
            List<String> command = new ArrayList<>(List.of(promtool().toString(), "check", "rules"));
            files(DOCKER.resolve("prometheus/rules"), ".yml").forEach(f -> command.add(ROOT.relativize(f).toString()));
            ExternalTool.Result result = ExternalTool.run(ROOT, ExternalTool.DEFAULT_TIMEOUT, Map.of(), command);

            assertThat(result.exitCode()).as(result.describe()).isZero();
        }

        @Test
        void ruleUnitTestsPass() {
            List<String> command = new ArrayList<>(List.of(promtool().toString(), "test", "rules"));
            List<Path> tests = files(DOCKER.resolve("prometheus/tests"), ".yml");
            assertThat(tests).isNotEmpty();
            tests.forEach(f -> command.add(ROOT.relativize(f).toString()));
            ExternalTool.Result result = ExternalTool.run(ROOT, ExternalTool.DEFAULT_TIMEOUT, Map.of(), command);

            assertThat(result.exitCode()).as(result.describe()).isZero();
            assertThat(result.output()).as(result.describe()).doesNotContain("FAILED");
        }

        @Test
        void everyAlertIsTestedFiringAndSilent() throws IOException {
            Set<String> alerts = alertRules().keySet();
            Set<String> fired = new TreeSet<>();
            Set<String> silent = new TreeSet<>();
            for (Path testFile : files(DOCKER.resolve("prometheus/tests"), ".yml")) {
                JsonNode tests = YAML.readTree(testFile.toFile());
                for (JsonNode ruleFile : tests.path("rule_files")) {
                    assertThat(testFile.getParent().resolve(ruleFile.asText()).normalize())
                        .as("%s must test the rules the stack loads", testFile.getFileName())
                        .isEqualTo(rulesFile());
                }
                for (JsonNode test : tests.path("tests")) {
                    for (JsonNode alertTest : test.path("alert_rule_test")) {
                        String name = alertTest.path("alertname").asText();
                        (alertTest.path("exp_alerts").isEmpty() ? silent : fired).add(name);
                    }
                }
            }

            assertThat(alerts).containsAll(REQUIRED_ALERTS);
            assertThat(fired).as("alerts with a test where they fire").containsAll(alerts);
            assertThat(silent).as("alerts with a test where they stay silent").containsAll(alerts);
        }

        @Test
        void everyAlertRoutesBySeverityAndExplainsItself() throws IOException {
            alertRules().forEach((name, rule) -> {
                assertThat(rule.path("labels").path("severity").asText()).as("%s severity", name).isIn(SEVERITIES);
                assertThat(rule.path("annotations").path("summary").asText()).as("%s summary", name).isNotBlank();
                assertThat(rule.path("annotations").path("description").asText()).as("%s description", name).isNotBlank();
                assertThat(rule.path("for").asText()).as("%s needs a `for`: one bad scrape must not page anyone", name).isNotBlank();
            });
        }

        @Test
        void everyAlertIsDescribedInTheDeploymentGuide() throws IOException {
            String guide = Files.readString(ROOT.resolve("docs/deployment.md"));

            assertThat(alertRules()).allSatisfy((name, rule) -> assertThat(guide)
                .as("docs/deployment.md's table of alerts").contains("| `" + name + "` |"));
        }

        @Test
        void rulesQueryOnlyExportedMetricsWithTheirLabels() throws IOException {
            Set<String> recorded = new LinkedHashSet<>();
            List<JsonNode> rules = new ArrayList<>();
            for (JsonNode group : YAML.readTree(rulesFile().toFile()).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    rules.add(rule);
                    if (rule.has("record")) {
                        recorded.add(rule.path("record").asText());
                    }
                }
            }
            for (JsonNode rule : rules) {
                String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                assertUsesExportedMetrics("rule " + name, rule.path("expr").asText(), recorded);
            }
        }

        @Test
        void ruleTestsFeedSeriesOfExportedMetricsWithTheirLabels() throws IOException {
            for (Path testFile : files(DOCKER.resolve("prometheus/tests"), ".yml")) {
                for (JsonNode test : YAML.readTree(testFile.toFile()).path("tests")) {
                    for (JsonNode series : test.path("input_series")) {
                        assertUsesExportedMetrics(testFile.getFileName() + " series", series.path("series").asText(), Set.of());
                    }
                }
            }
        }

        @Test
        void scrapeAndAlertmanagerTargetsAreServicesOfTheStack() throws IOException {
            JsonNode config = YAML.readTree(DOCKER.resolve("prometheus/prometheus.yml").toFile());
            Set<String> services = composeServiceNames();
            List<String> targets = new ArrayList<>();
            config.path("scrape_configs").forEach(job -> job.path("static_configs")
                .forEach(sc -> sc.path("targets").forEach(t -> targets.add(t.asText()))));
            config.path("alerting").path("alertmanagers")
                .forEach(am -> am.path("static_configs").forEach(sc -> sc.path("targets").forEach(t -> targets.add(t.asText()))));

            assertThat(targets).contains("driftwatch:8080", "alertmanager:9093");
            for (String target : targets) {
                String host = target.split(":")[0];
                if (!host.equals("localhost")) {
                    assertThat(services).as("target %s", target).contains(host);
                }
            }
            assertThat(config.path("scrape_configs").findValuesAsText("job_name")).contains("driftwatch");
        }
    }

    // ------------------------------------------------------------------------------------------
    @Nested
    class Alertmanager {

        private final Path config = DOCKER.resolve("alertmanager/alertmanager.yml");

        @Test
        void amtoolAcceptsTheConfiguration() {
            Path amtool = ExternalTool.require("amtool", "prometheus-alertmanager");
            ExternalTool.Result result = ExternalTool.run(ROOT, amtool.toString(), "check-config", config.toString());

            assertThat(result.exitCode()).as(result.describe()).isZero();
            assertThat(result.output()).as(result.describe()).contains("SUCCESS").contains("2 inhibit rules");
        }

        @Test
        void alertsRouteBySeverityToTheirReceivers() throws IOException {
            Path amtool = ExternalTool.require("amtool", "prometheus-alertmanager");
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("critical", "oncall-pager");
            expected.put("warning", "team-notifications");
            expected.put("info", "silent");
            expected.forEach((severity, receiver) -> {
                ExternalTool.Result result = ExternalTool.run(ROOT, amtool.toString(), "config", "routes", "test",
                    "--config.file=" + config, "--verify.receivers=" + receiver,
                    "alertname=DriftwatchFeatureDrift", "model=fraud-scorer", "version=v3", "severity=" + severity);
                assertThat(result.exitCode()).as(result.describe()).isZero();
            });
            // Every severity the Prometheus rules use reaches someone.
            alertRules().forEach((name, rule) -> assertThat(expected.get(rule.path("labels").path("severity").asText()))
                .as("%s is routed to", name).isNotNull().isNotEqualTo("silent"));
        }
    }

    // ------------------------------------------------------------------------------------------
    @Nested
    class Grafana {

        private Map<String, JsonNode> dashboards() throws IOException {
            Map<String, JsonNode> byUid = new LinkedHashMap<>();
            for (Path file : files(DOCKER.resolve("grafana/dashboards"), ".json")) {
                JsonNode dashboard;
                try {
                    dashboard = JSON.readTree(file.toFile());
                } catch (IOException e) {
                    throw new AssertionError(file.getFileName() + " is not valid JSON: " + e.getMessage(), e);
                }
                String uid = dashboard.path("uid").asText();
                assertThat(byUid.put(uid, dashboard)).as("uid %s of %s is not unique", uid, file.getFileName()).isNull();
            }
            return byUid;
        }

        @Test
        void everyDashboardIsThereWithATitleAndUniqueUid() throws IOException {
            Map<String, JsonNode> dashboards = dashboards();

            assertThat(dashboards.keySet()).containsExactlyInAnyOrderElementsOf(DASHBOARDS);
            dashboards.values().forEach(d -> assertThat(d.path("title").asText()).startsWith("Driftwatch / "));
        }

        @Test
        void panelsHaveUniqueIdsAndDoNotOverlap() throws IOException {
            for (JsonNode dashboard : dashboards().values()) {
                String uid = dashboard.path("uid").asText();
                Set<Integer> ids = new LinkedHashSet<>();
                List<JsonNode> panels = panels(dashboard);
                for (JsonNode panel : panels) {
                    assertThat(ids.add(panel.path("id").asInt(-1))).as("%s: panel id %s twice", uid, panel.path("id")).isTrue();
                    JsonNode pos = panel.path("gridPos");
                    assertThat(pos.path("x").asInt() + pos.path("w").asInt()).as("%s panel %s width", uid, panel.path("title")).isLessThanOrEqualTo(24);
                    assertThat(pos.path("w").asInt()).as("%s panel %s", uid, panel.path("title")).isPositive();
                    assertThat(pos.path("h").asInt()).as("%s panel %s", uid, panel.path("title")).isPositive();
                }
                for (int a = 0; a < panels.size(); a++) {
                    for (int b = a + 1; b < panels.size(); b++) {
                        assertThat(overlap(panels.get(a).path("gridPos"), panels.get(b).path("gridPos")))
                            .as("%s: panels '%s' and '%s' overlap", uid, panels.get(a).path("title").asText(), panels.get(b).path("title").asText())
                            .isFalse();
                    }
                }
            }
        }

        @Test
        void everyPanelQueriesPrometheusThroughTheDatasourceVariable() throws IOException {
            for (JsonNode dashboard : dashboards().values()) {
                for (JsonNode panel : queryPanels(dashboard)) {
                    String where = dashboard.path("uid").asText() + " panel '" + panel.path("title").asText() + "'";
                    assertThat(panel.path("targets").size()).as("%s has no query", where).isPositive();
                    for (JsonNode target : panel.path("targets")) {
                        assertThat(target.path("expr").asText()).as("%s target %s", where, target.path("refId")).isNotBlank();
                    }
                    assertThat(panel.path("datasource").path("uid").asText()).as(where).isEqualTo("${datasource}");
                }
            }
        }

        @Test
        void queriesUseOnlyExportedMetricsWithTheirLabels() throws IOException {
            for (JsonNode dashboard : dashboards().values()) {
                for (JsonNode panel : queryPanels(dashboard)) {
                    for (JsonNode target : panel.path("targets")) {
                        assertUsesExportedMetrics(dashboard.path("uid").asText() + " panel '" + panel.path("title").asText() + "'",
                            target.path("expr").asText(), Set.of());
                    }
                }
                for (JsonNode variable : queryVariables(dashboard)) {
                    LabelValuesQuery query = LabelValuesQuery.of(variable);
                    String where = dashboard.path("uid").asText() + " variable " + variable.path("name").asText();
                    assertUsesExportedMetrics(where, query.selector(), Set.of());
                    assertThat(DriftwatchMetricCatalog.labels(PromQlReferences.of(query.selector()).selectors().get(0).metric()))
                        .as(where).hasValueSatisfying(labels -> assertThat(labels).contains(query.label()));
                }
            }
        }

        @Test
        void queriesUseDeclaredVariablesAndFilterByEveryOneThatApplies() throws IOException {
            for (JsonNode dashboard : dashboards().values()) {
                Set<String> declared = new LinkedHashSet<>();
                dashboard.path("templating").path("list").forEach(v -> declared.add(v.path("name").asText()));
                Set<String> filters = queryVariables(dashboard).stream().map(v -> v.path("name").asText()).collect(Collectors.toSet());
                for (JsonNode panel : queryPanels(dashboard)) {
                    for (JsonNode target : panel.path("targets")) {
                        String where = dashboard.path("uid").asText() + " panel '" + panel.path("title").asText() + "'";
                        PromQlReferences refs = PromQlReferences.of(target.path("expr").asText());
                        assertThat(refs.variables()).as("%s uses undeclared variables", where)
                            .allMatch(v -> declared.contains(v) || GRAFANA_BUILTINS.contains(v));
                        for (PromQlReferences.Selector selector : refs.selectors()) {
                            Set<String> applicable = new TreeSet<>(filters);
                            applicable.retainAll(DriftwatchMetricCatalog.labels(selector.metric()).orElse(Set.of()));
                            assertThat(selector.matcherLabels()).as("%s: %s ignores the dashboard's variables", where, selector.metric())
                                .containsAll(applicable);
                        }
                    }
                }
            }
        }

        @Test
        void promtoolParsesEveryQuery(@TempDir Path tmp) throws IOException {
            Path promtool = ExternalTool.require("promtool", "prometheus");
            StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard-queries\n    rules:\n");
            int n = 0;
            for (JsonNode dashboard : dashboards().values()) {
                for (JsonNode panel : queryPanels(dashboard)) {
                    for (JsonNode target : panel.path("targets")) {
                        rules.append("      - record: dashboard_query_").append(n++).append('\n')
                            .append("        expr: ").append(JSON.writeValueAsString(substituteVariables(target.path("expr").asText())))
                            .append('\n');
                    }
                }
            }
            Path file = tmp.resolve("dashboard-queries.yml");
            Files.writeString(file, rules);
            ExternalTool.Result result = ExternalTool.run(ROOT, promtool.toString(), "check", "rules", file.toString());

            assertThat(result.exitCode()).as(result.describe() + "\nqueries:\n" + rules).isZero();
            assertThat(result.output()).contains("SUCCESS: " + n + " rules found");
        }

        @Test
        void provisioningLoadsTheseDashboardsFromPrometheus() throws IOException {
            JsonNode datasource = YAML.readTree(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yml").toFile())
                .path("datasources").get(0);
            JsonNode provider = YAML.readTree(DOCKER.resolve("grafana/provisioning/dashboards/driftwatch.yml").toFile())
                .path("providers").get(0);
            String compose = Files.readString(DOCKER.resolve("docker-compose.yml"));

            assertThat(URI.create(datasource.path("url").asText()).getHost()).isIn(composeServiceNames());
            assertThat(compose).contains("./grafana/dashboards:" + provider.path("options").path("path").asText() + ":ro");
            for (JsonNode dashboard : dashboards().values()) {
                JsonNode variable = dashboard.path("templating").path("list").get(0);
                assertThat(variable.path("name").asText()).isEqualTo("datasource");
                assertThat(variable.path("current").path("value").asText()).isEqualTo(datasource.path("uid").asText());
            }
        }

        private static boolean overlap(JsonNode a, JsonNode b) {
            return a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
        }
    }

    // ------------------------------------------------------------------------------------------

    /** A Grafana variable query {@code label_values(selector, label)}. */
    record LabelValuesQuery(String selector, String label) {
        private static final Pattern FORM = Pattern.compile("^\\s*label_values\\((.+),\\s*(\\w+)\\s*\\)\\s*$");

        static LabelValuesQuery of(JsonNode variable) {
            JsonNode query = variable.path("query");
            String text = query.isTextual() ? query.asText() : query.path("query").asText();
            assertThat(variable.path("definition").asText()).as("variable %s", variable.path("name")).isEqualTo(text);
            Matcher m = FORM.matcher(text);
            assertThat(m.matches()).as("variable %s: %s is not label_values(metric{...}, label)", variable.path("name"), text).isTrue();
            return new LabelValuesQuery(m.group(1), m.group(2));
        }
    }

    /** Every metric of {@code expr} is exported (or recorded by the rules), with only its own labels in matchers and clauses. */
    private static void assertUsesExportedMetrics(String where, String expr, Set<String> recorded) {
        PromQlReferences refs = PromQlReferences.of(expr);
        Set<String> available = new LinkedHashSet<>();
        boolean allKnown = true;
        for (PromQlReferences.Selector selector : refs.selectors()) {
            String metric = selector.metric();
            assertThat(DriftwatchMetricCatalog.isExported(metric) || recorded.contains(metric))
                .as("%s queries %s, which Driftwatch does not export (see DriftwatchMetricCatalog): %s", where, metric, expr)
                .isTrue();
            var labels = DriftwatchMetricCatalog.labels(metric);
            if (labels.isPresent()) {
                assertThat(labels.get()).as("%s: labels of %s in %s", where, metric, expr).containsAll(selector.matcherLabels());
                available.addAll(labels.get());
            } else {
                allKnown = false;
            }
        }
        if (allKnown) {
            assertThat(available).as("%s groups or matches by labels its metrics do not have: %s", where, expr)
                .containsAll(refs.groupingLabels());
        }
    }

    /** A dashboard query with its variables replaced the way the live and static checks run it. */
    static String substituteVariables(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("$__range", "1h").replace("$__interval", "15s")
            .replaceAll("\\$\\{\\w+(?::[^}]*)?}|\\$\\w+|\\[\\[\\w+(?::[^\\]]*)?]]", ".*");
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add); // panels of a collapsed row
        }
        return all;
    }

    private static List<JsonNode> queryPanels(JsonNode dashboard) {
        return panels(dashboard).stream().filter(p -> !p.path("type").asText().equals("row")).toList();
    }

    private static List<JsonNode> queryVariables(JsonNode dashboard) {
        List<JsonNode> variables = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(v -> {
            if (v.path("type").asText().equals("query")) {
                variables.add(v);
            }
        });
        return variables;
    }

    private static boolean hasHealthcheck(JsonNode service, boolean imageHasHealthcheck) {
        JsonNode check = service.path("healthcheck");
        if (check.path("disable").asBoolean(false) || check.path("test").path(0).asText().equals("NONE")) {
            return false;
        }
        return check.has("test") || (service.has("build") && service.path("build").path("dockerfile").asText().equals("docker/Dockerfile")
            && imageHasHealthcheck);
    }

    private static String volumeTarget(JsonNode service, String namedVolume) {
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.isTextual() ? volume.asText().split(":")
                : new String[] {volume.path("source").asText(), volume.path("target").asText()};
            if (parts[0].equals(namedVolume)) {
                return parts[1];
            }
        }
        throw new AssertionError("no volume " + namedVolume + " in " + service);
    }

    private static Map<String, JsonNode> alertRules() throws IOException {
        Map<String, JsonNode> alerts = new LinkedHashMap<>();
        for (JsonNode group : YAML.readTree(rulesFile().toFile()).path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.put(rule.path("alert").asText(), rule);
                }
            }
        }
        return alerts;
    }

    private static Path rulesFile() {
        return DOCKER.resolve("prometheus/rules/driftwatch.rules.yml");
    }

    /** Service names from the compose file itself (YAML anchors need no resolving for the keys). */
    private static Set<String> composeServiceNames() throws IOException {
        return names(YAML.readTree(DOCKER.resolve("docker-compose.yml").toFile()).path("services"));
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode readYaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not YAML: " + e.getMessage() + "\n" + text, e);
        }
    }

    private static Map<String, String> properties(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        Map<String, String> map = new HashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return map;
    }

    /** The port inside the container of a published port, short ("127.0.0.1:8081:8080/tcp") or long form. */
    private static int containerPort(JsonNode port) {
        if (port.isTextual()) {
            String[] parts = port.asText().split("/")[0].split(":");
            return Integer.parseInt(parts[parts.length - 1]);
        }
        return port.path("target").asInt();
    }

    private static String parentPomProperty(String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as("the parent pom's property %s", name).isTrue();
        return m.group(1);
    }

    private static String projectVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>driftwatch-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as("the parent pom's version").isTrue();
        return m.group(1);
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> stream = Files.list(dir)) {
            return stream.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }
}
