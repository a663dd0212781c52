// Reads fer's emotion events with kafkajs. In schema registry mode (fer ... --schema-registry URL) the values are
// in the Confluent wire format and @kafkajs/confluent-schema-registry decodes them; without a registry they are
// Avro single-object encoded (see examples/python/fer_events.py).
//
//   npm ci --prefix examples/node
//   node examples/node/fer_events.mjs --bootstrap localhost:9094 --registry http://localhost:8085 [--user-info fer:secret]
//        [--topic fer.emotions] [--stream cam-1] [--until-end] [--timeout 300]
//
// Prints one JSON line per event (the Avro field names) and reads with read_committed: fer writes in transactions.
import { Kafka, logLevel } from 'kafkajs';
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : true]);
  return acc;
}, []));
const topic = args.topic || 'fer.emotions';
const timeoutMs = Number(args.timeout || 300) * 1000;

let registry = null;
if (args.registry) {
  const auth = typeof args['user-info'] === 'string'
    ? { username: args['user-info'].split(':')[0], password: args['user-info'].split(':').slice(1).join(':') } : undefined;
  registry = new SchemaRegistry({ host: args.registry, auth });
}

const kafka = new Kafka({ clientId: 'fer-node-example', brokers: String(args.bootstrap || 'localhost:9094').split(','),
  logLevel: logLevel.ERROR });
const consumer = kafka.consumer({ groupId: 'fer-node-' + process.pid + '-' + Date.now(), readUncommitted: false });

let expected = -1;
let ended = 0;
let failures = 0;
const done = new Promise((resolve) => {
  const timer = setTimeout(() => resolve(1), timeoutMs);
  consumer.connect()
    .then(() => consumer.subscribe({ topic, fromBeginning: true }))
    .then(() => consumer.run({
      eachMessage: async ({ message }) => {
        if (!message.value || message.value[0] !== 0 || !registry) {
          failures++;
          console.error('not in the Confluent wire format (run fer with --schema-registry, and this with --registry)');
          return;
        }
        const e = await registry.decode(message.value);
        if (args.stream && e.streamId !== args.stream) return;
        console.log(JSON.stringify(e));
        if (e.endOfTrack) {
          if (e.trackId < 0) expected = e.tracksInStream; else ended++;
        }
        if (args['until-end'] && expected >= 0 && ended >= expected) {
          clearTimeout(timer);
          resolve(failures === 0 ? 0 : 2);
        }
      },
    }))
    .catch((err) => { console.error(String(err)); clearTimeout(timer); resolve(3); });
});
const status = await done;
await consumer.disconnect().catch(() => {});
process.exit(status);
