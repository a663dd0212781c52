#!/usr/bin/python3
"""Read fer's emotion events and summaries from Kafka in Python (no Java, no schema registry).

Debian packages only: apt-get install python3-confluent-kafka python3-avro

    /usr/bin/python3 examples/python/fer_events.py --bootstrap localhost:9094 --schemas schemas/src/main/avro \\
        [--stream cam-1] [--from-beginning] [--until-end] [--summaries] [--schema-registry URL]

Values on fer.emotions and fer.summaries use Avro single-object encoding: 2 bytes C3 01, the schema's 8-byte
CRC-64-AVRO fingerprint (little endian), then the Avro binary body. Prints one JSON line per record, with the
schema's field names. Reads with isolation.level=read_committed: fer writes in Kafka transactions.

Secured brokers: --config FILE with librdkafka properties. Mutual TLS works with Debian's librdkafka 2.0.2:
    security.protocol=ssl
    ssl.ca.location=ca.pem
    ssl.certificate.location=reader.crt.pem
    ssl.key.location=reader.key.pem
SASL/SCRAM against Kafka 4.x brokers needs librdkafka 2.6.1 or later (pip install 'confluent-kafka>=2.6.1'): older
ones send the client nonce twice in the final SCRAM message, which Kafka 4 refuses as invalid credentials.
"""
import argparse
import io
import json
import os
import struct
import sys

import avro.io
import avro.schema
from confluent_kafka import Consumer, TopicPartition, OFFSET_BEGINNING, OFFSET_END

MAGIC = b"\xc3\x01"


def fingerprint(schema_json):
    """CRC-64-AVRO (Rabin) of the schema's parsing canonical form, as Avro's SchemaNormalization computes it."""
    empty = 0xc15d213aa4d7a795
    table = []
    for i in range(256):
        fp = i
        for _ in range(8):
            fp = (fp >> 1) ^ (empty & -(fp & 1))
        table.append(fp)
    fp = empty
    for b in canonical(schema_json).encode("utf-8"):
        fp = (fp >> 8) ^ table[(fp ^ b) & 0xff]
    return fp


def canonical(s, namespace=None):
    """Avro's Parsing Canonical Form (the subset of it fer's schemas use)."""
    if isinstance(s, str):
        if s in ("null", "boolean", "int", "long", "float", "double", "bytes", "string"):
            return json.dumps(s)
        return json.dumps(s if "." in s or namespace is None else namespace + "." + s)
    if isinstance(s, list):
        return "[" + ",".join(canonical(x, namespace) for x in s) + "]"
    t = s["type"]
    if t == "record":
        ns = s.get("namespace", namespace)
        name = s["name"] if "." in s["name"] or ns is None else ns + "." + s["name"]
        fields = ",".join('{"name":%s,"type":%s}' % (json.dumps(f["name"]), canonical(f["type"], ns)) for f in s["fields"])
        return '{"name":%s,"type":"record","fields":[%s]}' % (json.dumps(name), fields)
    if t == "array":
        return '{"type":"array","items":%s}' % canonical(s["items"], namespace)
    if t == "map":
        return '{"type":"map","values":%s}' % canonical(s["values"], namespace)
    if t == "enum":
        ns = s.get("namespace", namespace)
        name = s["name"] if "." in s["name"] or ns is None else ns + "." + s["name"]
        return '{"name":%s,"type":"enum","symbols":%s}' % (json.dumps(name), json.dumps(s["symbols"]))
    return canonical(t, namespace)


class Decoder:
    """Single-object decoding for the schemas in a folder of .avsc files; the Confluent wire format (magic byte 0,
    a 4-byte schema id) through a schema registry, when fer runs with --schema-registry."""

    def __init__(self, folder, names, registry=None):
        self.registry = registry
        self.by_id = {}
        self.readers = {}
        for n in names:
            with open(os.path.join(folder, n + ".avsc")) as f:
                text = f.read()
            fp = fingerprint(json.loads(text))
            self.readers[struct.pack("<Q", fp)] = avro.io.DatumReader(avro.schema.parse(text))

    def decode(self, value):
        if value is not None and len(value) >= 5 and value[0] == 0:
            return self.decode_wire(value)
        if value is None or len(value) < 10 or value[:2] != MAGIC:
            raise ValueError("not Avro single-object encoding")
        reader = self.readers.get(bytes(value[2:10]))
        if reader is None:
            raise ValueError("unknown schema fingerprint " + value[2:10].hex())
        return reader.read(avro.io.BinaryDecoder(io.BytesIO(value[10:])))


    def decode_wire(self, value):
        if self.registry is None:
            raise ValueError("in a schema registry's wire format: give --schema-registry URL")
        schema_id = struct.unpack(">I", value[1:5])[0]
        if schema_id not in self.by_id:
            schema = self.registry.get_schema(schema_id)  # confluent_kafka's SchemaRegistryClient
            self.by_id[schema_id] = avro.io.DatumReader(avro.schema.parse(schema.schema_str))
        return self.by_id[schema_id].read(avro.io.BinaryDecoder(io.BytesIO(value[5:])))


def read_properties(path):
    """key=value lines; '#' starts a comment."""
    out = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                out[key.strip()] = value.strip()
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bootstrap", default="localhost:9094")
    p.add_argument("--schemas", default=os.path.join(os.path.dirname(__file__), "..", "..", "schemas", "src", "main", "avro"))
    p.add_argument("--topic-prefix", default="fer.")
    p.add_argument("--stream", help="only this stream")
    p.add_argument("--from-beginning", action="store_true")
    p.add_argument("--until-end", action="store_true", help="with --stream: stop once the stream has ended")
    p.add_argument("--summaries", action="store_true", help="also read fer.summaries")
    p.add_argument("--timeout", type=float, default=300, help="give up after this many seconds")
    p.add_argument("--schema-registry", help="the registry fer writes to in wire-format mode")
    p.add_argument("--registry-user-info", default=os.environ.get("FER_REGISTRY_USER_INFO"),
                   help="user:password for the registry (default: $FER_REGISTRY_USER_INFO)")
    p.add_argument("--config", help="a file of librdkafka properties (key=value lines), e.g. security.protocol=ssl with"
                   " ssl.ca.location, ssl.certificate.location and ssl.key.location for mutual TLS")
    p.add_argument("--group", default="fer-python-example", help="group.id (nothing is committed)")
    a = p.parse_args()

    registry = None
    if a.schema_registry:
        from confluent_kafka.schema_registry import SchemaRegistryClient
        conf = {"url": a.schema_registry}
        if a.registry_user_info:
            conf["basic.auth.user.info"] = a.registry_user_info
        registry = SchemaRegistryClient(conf)
    decoder = Decoder(a.schemas, ["EmotionEvent", "EmotionSummary"], registry)
    topics = [a.topic_prefix + "emotions"] + ([a.topic_prefix + "summaries"] if a.summaries else [])
    conf = {"bootstrap.servers": a.bootstrap, "group.id": a.group, "enable.auto.commit": False,
            "isolation.level": "read_committed"}
    conf.update(read_properties(a.config) if a.config else {})
    consumer = Consumer(conf)
    parts = []
    for t in topics:
        meta = consumer.list_topics(t, timeout=30).topics[t]
        parts += [TopicPartition(t, i, OFFSET_BEGINNING if a.from_beginning else OFFSET_END) for i in meta.partitions]
    consumer.assign(parts)
    expected, ended, stream_summary_ended = -1, 0, not a.summaries
    import time
    deadline = time.time() + a.timeout
    while time.time() < deadline:
        msg = consumer.poll(0.5)
        if msg is None or msg.error():
            continue
        try:
            record = decoder.decode(msg.value())
        except ValueError as e:
            print("skipping %s-%d@%d: %s" % (msg.topic(), msg.partition(), msg.offset(), e), file=sys.stderr)
            continue
        if a.stream and record["streamId"] != a.stream:
            continue
        record_type = "summary" if msg.topic().endswith("summaries") else "event"
        print(json.dumps(dict(type=record_type, **record)), flush=True)
        if record_type == "event" and record["endOfTrack"]:
            if record["trackId"] < 0:
                expected = record["tracksInStream"]
            else:
                ended += 1
        if record_type == "summary" and record["trackId"] < 0 and record["ended"]:
            stream_summary_ended = True
        if a.until_end and expected >= 0 and ended >= expected and stream_summary_ended:
            consumer.close()
            return 0
    consumer.close()
    return 0 if not a.until_end else 1


if __name__ == "__main__":
    sys.exit(main())
