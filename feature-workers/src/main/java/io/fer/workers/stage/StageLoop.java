package io.fer.workers.stage;

import io.fer.schemas.kafka.KafkaSettings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consume, process, produce in Kafka transactions: a round's outputs, its dead letters, the stage's changed state
 * (a {@link StatefulProcessor}'s, to its changelog topic) and the round's input offsets commit together or not at all.
 * Readers with isolation.level=read_committed therefore see every output exactly once, also when a worker is killed
 * mid-round and its partitions are processed again. With a stable instance id a restarted worker aborts what its
 * predecessor left open at once (otherwise the broker does after the transaction timeout); a round cut by a
 * rebalance is dropped and re-read.
 * Rounds that find more input waiting share one transaction, committed at least every {@link #COMMIT_INTERVAL_MS}
 * (as Kafka Streams does under exactly-once): a stage working off a queue pays one commit per interval instead of
 * one per round; a stage that has caught up commits at once, so keeping up adds no latency.
 * A bad record goes to fer.dlq with the reason; the loop goes on.
 */
public final class StageLoop implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StageLoop.class);
    private static final long LAG_REFRESH_MS = 5_000;
    /**
     * A transaction left open by a killed worker whose id is not reused is aborted by the broker after this (as
     * Kafka Streams does under exactly-once). A round's transaction only lives from its first send to its commit.
     */
    static final int TRANSACTION_TIMEOUT_MS = 10_000;
    static final int FETCH_MAX_BYTES = 4 << 20;
    /** The longest a finished round's outputs wait for their commit while the stage has more input queued. */
    static final long COMMIT_INTERVAL_MS = 100;

    private final String name;
    private final KafkaSettings kafka;
    private final String inputTopic;
    private final RecordProcessor processor;
    private final StageMetrics metrics;
    private final int maxRecords;
    private final long lingerMs;
    private final String groupId;
    private final String transactionalId;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Throwable failure;
    private long lagCheckedAt;
    private boolean rebalanced;
    private RoundTransaction transaction;
    private AssignedPartitions assigned;
    /** When the rounds started to fail one after the other (0: the last one committed). */
    private long failingSince;
    /** Past this, failing rounds end the stage (and the worker, with a non-zero status). */
    static final long MAX_FAILING_MS = 120_000;

    public StageLoop(String name, KafkaSettings kafka, String inputTopic, RecordProcessor processor) {
        this(name, kafka, inputTopic, processor, null, 16, 20);
    }

    /**
     * @param maxRecords records taken per round at most (bounds the memory in flight)
     * @param lingerMs   after the first records of a round, wait this long for more to fill model batches
     */
    public StageLoop(String name, KafkaSettings kafka, String inputTopic, RecordProcessor processor, StageMetrics metrics,
            int maxRecords, long lingerMs) {
        this(name, kafka, inputTopic, processor, metrics, maxRecords, lingerMs, kafka.group(name), defaultInstance());
    }

    /**
     * @param groupId  the consumer group: workers of one stage share it and split the partitions
     * @param instance this worker's name, unique among the workers of the stage (default: the host name); with the
     *                 group it forms the transactional id
     */
    public StageLoop(String name, KafkaSettings kafka, String inputTopic, RecordProcessor processor, StageMetrics metrics,
            int maxRecords, long lingerMs, String groupId, String instance) {
        this.groupId = groupId;
        this.name = name;
        this.kafka = kafka;
        this.inputTopic = inputTopic;
        this.processor = processor;
        this.metrics = metrics;
        this.maxRecords = maxRecords;
        this.lingerMs = lingerMs;
        this.transactionalId = groupId + "-" + instance;
    }

    /** Host and process: two workers on one host never fence each other; a supervisor may pass a stable name instead. */
    public static String defaultInstance() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "worker";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    @Override
    public void run() {
        var consumerProps = new HashMap<>(kafka.consumer(groupId));
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxRecords);
        // a fetch response stays on the heap until its last record is processed: the default 50 MB (12 MB seen per stage
        // on a 12-partition topic) made six stages' buffers a third of a worker's heap; a round needs a few records
        consumerProps.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_MAX_BYTES);
        // a killed worker's partitions go to the others (or to its restart) after 10 s instead of the default 45 s:
        // the classifier masks a modality that stays silent for its timeout (30 s)
        consumerProps.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        consumerProps.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        // the range assignor orders a group's members by member id, which starts with the client id: named after the
        // worker, several workers of the same stages get the same fer.faces partitions in every modality's group, so the
        // stages of one process read the same crops and decode them once between them (SharedCropDecoder)
        consumerProps.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, transactionalId);
        var producerProps = new HashMap<>(kafka.producer());
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        producerProps.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        try (var consumer = new KafkaConsumer<String, byte[]>(consumerProps);
                var producer = new KafkaProducer<String, byte[]>(producerProps)) {
            transaction = new RoundTransaction(name, producer, kafka.topics(), metrics, COMMIT_INTERVAL_MS);
            producer.initTransactions(); // aborts whatever a previous worker with this id left open
            assigned = new AssignedPartitions(consumer, processor, kafka);
            consumer.subscribe(List.of(inputTopic), new Rebalance());
            try {
                runRounds(consumer);
            } catch (RuntimeException | Error e) {
                transaction.abandon(); // closed with the producer; the next worker with this id aborts it at once
                throw e;
            }
            commitPending(); // the last rounds before a stop
        } catch (ProducerFencedException e) {
            failure = e;
            LOG.error("{} stage stopped: another worker uses transactional id {} (give each worker of a stage its own"
                    + " --instance-id)", name, transactionalId);
        } catch (Throwable t) {
            if (running.get()) {
                failure = t;
                LOG.error("{} stage stopped: {}", name, t.toString(), t);
            }
        } finally {
            processor.close();
            stopped.countDown();
        }
    }

    /** Rounds until stopped; a round Kafka refuses is aborted with the rest of its transaction and read again. */
    private void runRounds(KafkaConsumer<String, byte[]> consumer) {
        while (running.get()) {
            try {
                runRound(consumer);
            } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                    | UnsupportedVersionException | AuthorizationException fatal) {
                throw fatal;
            } catch (KafkaException abortable) {
                LOG.warn("{}: round aborted, reading it again: {}", name, abortable.toString());
                failingSince = failingSince == 0 ? System.currentTimeMillis() : failingSince;
                if (System.currentTimeMillis() - failingSince > MAX_FAILING_MS) {
                    // not a record's fault: Kafka has refused every round for minutes; a supervisor restart or an
                    // operator is needed, not an endless loop
                    throw new IllegalStateException("no round committed for " + MAX_FAILING_MS / 1000 + " s: " + abortable.getMessage(),
                            abortable);
                }
                transaction.abort();
                assigned.rewind();
            }
        }
    }

    /**
     * Polls a round and adds it to the open transaction (outputs, dead letters, changed state, input offsets); commits
     * when no more input is waiting or the transaction is {@link #COMMIT_INTERVAL_MS} old.
     */
    private void runRound(KafkaConsumer<String, byte[]> consumer) {
        rebalanced = false;
        List<ConsumerRecord<String, byte[]>> round = new ArrayList<>();
        consumer.poll(transaction.open() ? Duration.ZERO : Duration.ofMillis(200)).forEach(round::add);
        if (rebalanced) {
            assigned.rewind(); // the open transaction was committed or aborted when partitions were revoked or lost
            return;
        }
        if (round.isEmpty()) {
            commitPending(); // caught up: what is done becomes visible now
            return;
        }
        long start = System.nanoTime();
        long lingerEnd = System.currentTimeMillis() + lingerMs;
        while (round.size() < maxRecords && System.currentTimeMillis() < lingerEnd && !rebalanced) {
            consumer.poll(Duration.ofMillis(Math.max(1, lingerEnd - System.currentTimeMillis()))).forEach(round::add);
        }
        if (rebalanced) {
            // records of partitions revoked (and perhaps given back) mid-round: read them again from the commit (the
            // open transaction was settled when the partitions were revoked)
            assigned.rewind();
            return;
        }
        if (transaction.dueBefore(round.size())) {
            commitPending(); // this round would keep it open past the interval (and, if long, past the broker's timeout)
        }
        long processing = System.nanoTime();
        // a bad-record search starts from the committed state: the rounds already in the open transaction commit first
        List<StageOutput> outputs = new ArrayList<>(BadRecordSearch.outputs(name, processor, AssignedPartitions.inputsOf(round), partitions -> {
            commitPending();
            assigned.restore(partitions);
        }));
        if (processor instanceof StatefulProcessor stateful) {
            outputs.addAll(stateful.drainStateUpdates());
        }
        transaction.processed(round.size(), (System.nanoTime() - processing) / 1_000_000);
        transaction.add(outputs, AssignedPartitions.nextOffsets(round), consumer.groupMetadata());
        if (transaction.due()) {
            commitPending();
        }
        if (metrics != null) {
            metrics.poll(System.nanoTime() - start, round.size());
            // the lag costs a request to the broker: refresh it every few seconds, not every round
            if (System.currentTimeMillis() - lagCheckedAt > LAG_REFRESH_MS) {
                metrics.lag(assigned.lag());
                lagCheckedAt = System.currentTimeMillis();
            }
        }
    }

    private void commitPending() {
        if (transaction.commit()) {
            failingSince = 0;
        }
    }

    /** Partitions move between the workers of a stage: the state of the new ones is read from the changelog. */
    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            rebalanced = true;
            // the open transaction's offsets are only accepted while the group's generation still owns them; its
            // rounds are complete, so they commit (and the state restored after the rebalance includes them)
            try {
                commitPending();
            } catch (KafkaException e) {
                LOG.warn("{}: commit before a rebalance failed, its rounds will be read again: {}", name, e.toString());
                transaction.abort();
            }
            assigned.forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // already owned by another worker: the open transaction's offsets would be refused, its outputs duplicated
            rebalanced = true;
            transaction.abort();
            assigned.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            rebalanced = true;
            assigned.restore(partitions);
            LOG.info("{}: assigned {}", name, partitions);
        }
    }

    public String name() {
        return name;
    }

    public Throwable failure() {
        return failure;
    }

    public String transactionalId() {
        return transactionalId;
    }

    /** Asks the loop to stop after its current round (committed, then the consumer leaves the group). */
    @Override
    public void close() {
        running.set(false);
    }

    /** Waits until the loop has stopped. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
