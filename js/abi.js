// Generated from edgespan_core::abi (crates/core/src/abi.rs); do not edit.
// tests/abi.rs fails when this file and the Rust table differ; UPDATE_ABI=1 cargo test --test abi
// rewrites it.

export const TARGET_ATTRIBUTE = 0;
export const TARGET_METADATA = 1;
export const TARGET_METRIC = 2;
export const TARGET_EVENT = 3;
export const TARGET_LLM = 4;
export const TARGET_TRACE = 5;
export const TARGET_RESOURCE = 6;
export const TARGET_LINK = 7;

export const NUMBER_NUMBER = 0;
export const NUMBER_BOOL = 1;
export const NUMBER_STAGED = 2;
export const NUMBER_DOUBLE = 3;

export const STAGE_TEXT_STRING = 0;
export const STAGE_TEXT_KEY = 1;
export const STAGE_TEXT_BIGINT = 2;

export const STAGE_VAL_NUMBER = 0;
export const STAGE_VAL_BOOL = 1;

export const GROUP_ARRAY = 0;
export const GROUP_MAP = 1;

export const TEXT_INPUT_TEXT = 0;
export const TEXT_INPUT_JSON = 1;
export const TEXT_OUTPUT_TEXT = 2;
export const TEXT_OUTPUT_JSON = 3;
export const TEXT_TAG = 4;
export const TEXT_TRUNCATED = 5;
export const TEXT_RENAME = 6;
export const TEXT_EVENT = 7;
export const TEXT_STATUS_OK = 8;
export const TEXT_STATUS_ERROR = 9;
export const TEXT_STATUS_UNSET = 10;
export const TEXT_KIND = 11;
export const TEXT_NAME_IF_EMPTY = 12;
export const TEXT_TYPE = 13;
export const TEXT_OUTPUT_TEXT_IF_EMPTY = 14;

export const PARENT_NONE = 0;
export const PARENT_LOCAL = 1;
export const PARENT_REMOTE = 2;

export const END_ALREADY = 0;
export const END_BUFFERED = 1;
export const END_DROPPED = 2;

export const FORMAT_OTLP_PROTOBUF = 0;
export const FORMAT_OTLP_JSON = 1;
export const FORMAT_LOGS3 = 2;

export const BACKEND_OTLP = 0;
export const BACKEND_BRAINTRUST = 1;
export const BACKEND_LANGFUSE = 2;
export const BACKEND_LAMINAR = 3;

export const KIND_INTERNAL = 1;
export const KIND_SERVER = 2;
export const KIND_CLIENT = 3;
export const KIND_PRODUCER = 4;
export const KIND_CONSUMER = 5;

export const NONE_TRACER = 0;
export const NONE_HANDLE = 0;
export const NONE_SCOPE = 0;

export const STEP_DONE = 0;
export const STEP_SEND = 1;
export const STEP_WAIT = 2;
export const STEP_EMPTY = 3;

export const SAMPLING_PARENT_BASED = 1;
export const SAMPLING_KEEP_ERRORS = 2;

export const SCRATCH_TRACE = 0;
export const SCRATCH_SPAN = 4;
export const SCRATCH_PARENT = 6;
export const SCRATCH_TIMEOUT_MS = 0;
export const SCRATCH_MAX_QUEUE_SPANS = 1;
export const SCRATCH_MAX_QUEUE_BYTES = 2;
export const SCRATCH_MAX_BATCH_BYTES = 3;
export const SCRATCH_MAX_CONCURRENT_REQUESTS = 4;
export const SCRATCH_SAMPLING_RATIO = 5;
export const SCRATCH_SAMPLING_RULES = 6;
export const SCRATCH_KEEP_SLOWER_THAN_MS = 7;
export const SCRATCH_STATUS = 0;
export const SCRATCH_RETRY_AFTER_MS = 1;
export const SCRATCH_REJECTED = 2;
export const SCRATCH_LEN = 8;

export const NONE = -1;
