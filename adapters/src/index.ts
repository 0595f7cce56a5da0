// HL7 v2 model and tokenizer
export { type Hl7Delimiters, defaultDelimiters } from './hl7/delimiters.js';
export { Hl7ParseError } from './hl7/parse-error.js';
export { escapeHl7, unescapeHl7 } from './hl7/escape.js';
export { Hl7Repetition } from './hl7/repetition.js';
export { Hl7Field } from './hl7/field.js';
export { Hl7Segment } from './hl7/segment.js';
export { Hl7Message } from './hl7/message.js';
export { Hl7Group } from './hl7/group.js';
export { parseHl7 } from './hl7/parse.js';
export { encodeHl7 } from './hl7/encode.js';
export { splitBatch, readBatchFile, Hl7BatchFile, type Hl7Batch } from './hl7/batch.js';
export {
  Hl7MessageBuilder,
  Hl7SegmentBuilder,
  type Hl7ComponentValue,
  type Hl7RepetitionValue,
} from './hl7/builder.js';
export { decodeHl7, type DecodedHl7 } from './hl7/decode.js';
export { encodeHl7Bytes } from './hl7/encode-bytes.js';
// HL7 v2 → FHIR
export type { Hl7Issue } from './mapping/hl7-issue.js';
export { Hl7DataError } from './mapping/data-error.js';
export { Hl7UnsupportedError } from './mapping/unsupported-error.js';
export type { MappingOptions } from './mapping/mapping-options.js';
export type { MappingResult } from './mapping/mapping-result.js';
export { mapMessage } from './mapping/map-message.js';
export type { MessageMapper } from './mapping/message-mapper.js';
// Acknowledgments
export type { AckOptions } from './ack/ack-options.js';
export { buildAck } from './ack/build-ack.js';
export { buildRejectAck } from './ack/reject-ack.js';
export { buildBatchAck } from './ack/batch-ack.js';
// Pipeline and transport
export type { FhirSink } from './pipeline/fhir-sink.js';
export type { Hl7JobQueue } from './pipeline/hl7-job-queue.js';
export type {
  Hl7Inbox,
  InboxEntry,
  InboxOutcome,
  InboxQuery,
  InboxReceipt,
  InboxStatus,
  ReceivedMessage,
} from './inbox/inbox.js';
export { REPLAY_LINE } from './inbox/inbox.js';
export { digestConflicts, messageDigest } from './inbox/message-digest.js';
export { MemoryInbox, type MemoryInboxOptions } from './inbox/memory-inbox.js';
export { Hl7DeliveryError } from './pipeline/delivery-error.js';
export { Hl7NotYetError } from './pipeline/not-yet-error.js';
export { createHl7Receiver, type Hl7Receiver, type Hl7ReceiverOptions, type Hl7Sender } from './pipeline/receiver.js';
export { createHl7Worker, type Hl7WorkerOptions } from './pipeline/worker.js';
export { requeueStale, startInboxSweeper, type SweepOptions } from './pipeline/sweeper.js';
export { MESSAGE_SYSTEM, messageTagQuery } from './pipeline/message-reference.js';
export { encodeMllpFrame } from './mllp/frame.js';
export {
  MllpServer,
  type MllpHandler,
  type MllpRefusal,
  type MllpSender,
  type MllpServerOptions,
} from './mllp/server.js';
export type { MllpTlsOptions } from './mllp/tls-options.js';
export { MllpClient, type MllpClientOptions } from './mllp/client.js';
