package io.fer.schemas.kafka;

import io.fer.schemas.registry.RecordCodec;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * Where and how every process talks to Kafka: the bootstrap servers, any client property (SASL, SSL, timeouts) from
 * a --kafka-config file, the topic names and the consumer-group prefix. Secrets come from that file or from the
 * environment ({@code ${env:NAME}} in a value), never from the command line.
 */
public final class KafkaSettings implements Serializable {
    /** Environment variable naming a client properties file when --kafka-config is not given. */
    public static final String CONFIG_ENV = "FER_KAFKA_CONFIG";
    public static final String DEFAULT_GROUP_PREFIX = "fer-";
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    /** Settings of the schema registry client, kept out of the Kafka clients' properties. */
    public static final String REGISTRY_URL = "schema.registry.url";
    public static final String REGISTRY_USER_INFO = "basic.auth.user.info";

    private final String bootstrap;
    private final Map<String, String> client;
    private final TopicNames topics;
    private final String groupPrefix;
    private final String registryUrl;
    private final String registryUserInfo;

    public KafkaSettings(String bootstrap, Map<String, String> client, TopicNames topics, String groupPrefix) {
        this(bootstrap, client, topics, groupPrefix, null, null);
    }

    /** @param registryUrl a Confluent-compatible schema registry for the records subscribers read, or null */
    public KafkaSettings(String bootstrap, Map<String, String> client, TopicNames topics, String groupPrefix, String registryUrl,
            String registryUserInfo) {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("no Kafka bootstrap servers");
        }
        this.bootstrap = bootstrap;
        TreeMap<String, String> c = new TreeMap<>(client);
        c.keySet().removeIf(k -> k.startsWith("schema.registry.") || k.startsWith("basic.auth."));
        this.client = Collections.unmodifiableMap(c);
        this.topics = topics;
        this.groupPrefix = groupPrefix;
        this.registryUrl = registryUrl != null ? registryUrl : client.get(REGISTRY_URL);
        this.registryUserInfo = registryUserInfo != null ? registryUserInfo : client.get(REGISTRY_USER_INFO);
    }

    /** The same settings with a schema registry (its URL; the user info may come from --kafka-config). */
    public KafkaSettings withRegistry(String url) {
        return withRegistry(url, registryUserInfo);
    }

    /** @param userInfo "user:password" for the registry's basic auth, or null */
    public KafkaSettings withRegistry(String url, String userInfo) {
        return new KafkaSettings(bootstrap, client, topics, groupPrefix, url, userInfo);
    }

    public String registryUrl() {
        return registryUrl;
    }

    /** The codec of the records subscribers read: registry wire format if a registry is set, else single-object. */
    public <T extends SpecificRecordBase> RecordCodec<T> codec(Class<T> type) {
        return new RecordCodec<>(type, registryUrl, registryUserInfo);
    }

    /** Plain connection to the bootstrap servers, default names. */
    public static KafkaSettings of(String bootstrap) {
        return new KafkaSettings(bootstrap, Map.of(), TopicNames.DEFAULT, DEFAULT_GROUP_PREFIX);
    }

    /**
     * From the command line: the properties file (or the one $FER_KAFKA_CONFIG names, if any) with ${env:NAME}
     * references resolved; a bootstrap.servers in the file is used when {@code bootstrap} is null.
     */
    public static KafkaSettings load(String bootstrap, Path configFile, String topicPrefix, String groupPrefix) {
        return load(bootstrap, configFile, topicPrefix, groupPrefix, System::getenv, null);
    }

    /** As above; {@code fallbackBootstrap} when neither --bootstrap nor the file names the servers. */
    public static KafkaSettings load(String bootstrap, Path configFile, String topicPrefix, String groupPrefix,
            String fallbackBootstrap) {
        return load(bootstrap, configFile, topicPrefix, groupPrefix, System::getenv, fallbackBootstrap);
    }

    /** As above, with the environment given (a process that embeds fer, or a test). */
    public static KafkaSettings load(String bootstrap, Path configFile, String topicPrefix, String groupPrefix,
            UnaryOperator<String> env) {
        return load(bootstrap, configFile, topicPrefix, groupPrefix, env, null);
    }

    private static KafkaSettings load(String bootstrap, Path configFile, String topicPrefix, String groupPrefix,
            UnaryOperator<String> env, String fallbackBootstrap) {
        Path file = configFile;
        if (file == null && env.apply(CONFIG_ENV) != null && !env.apply(CONFIG_ENV).isBlank()) {
            file = Path.of(env.apply(CONFIG_ENV));
        }
        Map<String, String> props = file == null ? new HashMap<>() : readProperties(file, env);
        String servers = bootstrap != null ? bootstrap : props.getOrDefault(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, fallbackBootstrap);
        props.remove(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        if (servers == null) {
            throw new IllegalArgumentException("no Kafka bootstrap servers: give --bootstrap or bootstrap.servers in --kafka-config");
        }
        return new KafkaSettings(servers, props, topicPrefix == null ? TopicNames.DEFAULT : new TopicNames(topicPrefix),
                groupPrefix == null ? DEFAULT_GROUP_PREFIX : groupPrefix, null, null);
    }

    static Map<String, String> readProperties(Path file, UnaryOperator<String> env) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("--kafka-config " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
        Map<String, String> out = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            out.put(k, resolve(p.getProperty(k), env, file, k));
        }
        return out;
    }

    private static String resolve(String value, UnaryOperator<String> env, Path file, String key) {
        Matcher m = ENV_REF.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.apply(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("--kafka-config " + file + ": " + key + " refers to ${env:" + m.group(1)
                        + "}, which is not set");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** The extra client properties (security, timeouts), without bootstrap.servers. */
    public Map<String, String> client() {
        return client;
    }

    public TopicNames topics() {
        return topics;
    }

    /** The consumer group (and transactional-id stem) of a named role: the prefix + the role. */
    public String group(String role) {
        return groupPrefix + role;
    }

    public String groupPrefix() {
        return groupPrefix;
    }

    public KafkaSettings withTopics(TopicNames names) {
        return new KafkaSettings(bootstrap, client, names, groupPrefix, registryUrl, registryUserInfo);
    }

    /** The project's producer settings over the user's client properties (which may override them). */
    public Map<String, Object> producer() {
        return merged(KafkaProps.producer(bootstrap));
    }

    public Map<String, Object> consumer(String groupId) {
        return merged(KafkaProps.consumer(bootstrap, groupId));
    }

    /** Consumer settings for a reader that is assigned partitions, not subscribed: no group, nothing committed. */
    public Map<String, Object> reader() {
        Map<String, Object> m = consumer("unused");
        m.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return m;
    }

    public Map<String, Object> admin() {
        return merged(new HashMap<>(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)));
    }

    /** Only the connection: bootstrap and the user's properties (for Flink's connector, which sets its own serdes). */
    public Map<String, String> connection() {
        Map<String, String> m = new HashMap<>(client);
        m.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return m;
    }

    private Map<String, Object> merged(Map<String, Object> base) {
        Map<String, Object> m = new HashMap<>(base);
        m.putAll(client);
        return m;
    }

    /** For logs: the bootstrap and the security protocol, never a secret. */
    @Override
    public String toString() {
        return bootstrap + " (" + client.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT") + ")"
                + (registryUrl != null ? ", registry " + registryUrl : "");
    }
}
