/*
 * Meseta wire protocol.
 *
 * Every call between frameworks, the master and agents is defined here. Compatibility rules
 * (so that a newer peer never breaks an older one):
 *   - Every call takes exactly one request struct and returns one response struct (or void), so
 *     fields can be added to either side later.
 *   - New fields are always `optional`, get a fresh field id, and have a meaning when absent.
 *     Field ids are never reused or renumbered; a removed field's id is retired in a comment.
 *   - Enums only grow. A peer that receives an enum value it does not know sees null and must
 *     ignore the message part that carries it (events of an unknown type are skipped).
 *   - Reason codes are strings, not enums, for the same reason.
 *   - PROTOCOL_VERSION rises when a field's meaning changes; peers send theirs at registration.
 *
 * Transport: framed (TFramedTransport) with a maximum frame size, binary protocol, and every
 * port serves its services through TMultiplexedProcessor under the service names below.
 *
 * Regenerate the checked-in Java with protocol/regenerate.sh after editing this file.
 */
namespace java io.meseta.protocol.thrift

const i32 PROTOCOL_VERSION = 1

/** Service names under which the multiplexed processors register. */
const string SCHEDULER_SERVICE = "scheduler"
const string MASTER_AGENT_SERVICE = "master-agent"
const string OPERATOR_SERVICE = "operator"
const string AGENT_SERVICE = "agent"

// ---------------------------------------------------------------- errors

enum ErrorCode {
  INVALID_REQUEST = 1,     // a field is missing, malformed or out of range
  UNKNOWN_FRAMEWORK = 2,
  UNKNOWN_AGENT = 3,
  UNKNOWN_OFFER = 4,       // offer id never existed, was already used, rescinded or expired
  UNKNOWN_TASK = 5,
  DUPLICATE_TASK = 6,
  INSUFFICIENT_RESOURCES = 7,
  NOT_LEADER = 8,          // this master is a standby; `leader` says where the leader is
  AGENT_REMOVED = 9,       // the agent was removed from the cluster and must register anew
  INTERNAL = 10,
  UNAVAILABLE = 11         // try again later (e.g. shutting down)
}

exception MesetaError {
  1: ErrorCode code,
  2: string message,
  3: optional string leader   // host:port of the leading master, with NOT_LEADER
}

// ---------------------------------------------------------------- resources

/** An inclusive range [first, last]. */
struct ValueRange {
  1: i64 first,
  2: i64 last
}

/**
 * One named resource. Exactly one of scalar or ranges is set: scalars for cpus, mem (MB),
 * disk (MB), gpus and any other named quantity; ranges for ports.
 */
struct Resource {
  1: string name,
  2: optional double scalar,
  3: optional list<ValueRange> ranges
}

struct Attribute {
  1: string name,
  2: string value
}

// ---------------------------------------------------------------- tasks

struct CommandUri {
  1: string value,                // file://, http://, https:// (more schemes by later agents)
  2: optional bool executable,    // chmod +x after fetching
  3: optional bool extract,       // unpack .tar.gz/.tgz/.tar/.zip into the sandbox
  4: optional string outputFile   // name in the sandbox; default: last path segment
}

struct CommandInfo {
  1: optional string shell,                  // run with /bin/sh -c
  2: optional list<string> arguments,        // or run argv directly (arguments[0] is the program)
  3: optional map<string,string> environment,
  4: optional list<CommandUri> uris,
  5: optional string user
}

struct TaskInfo {
  1: string taskId,
  2: string name,
  3: string agentId,
  4: list<Resource> resources,
  5: CommandInfo command,
  6: optional map<string,string> labels,
  7: optional double killGracePeriodSeconds
}

enum TaskState {
  STAGING = 1,
  STARTING = 2,
  RUNNING = 3,
  KILLING = 4,
  FINISHED = 5,
  FAILED = 6,
  KILLED = 7,
  ERROR = 8,
  LOST = 9
}

struct TaskStatus {
  1: string taskId,
  2: TaskState state,
  3: optional string agentId,
  4: optional string frameworkId,
  5: optional string reason,        // e.g. COMMAND_EXITED, KILLED_BY_REQUEST, AGENT_REMOVED, RECONCILIATION
  6: optional string message,
  7: optional i32 exitCode,
  8: i64 timestampMillis,
  9: optional string updateId,      // set when the update must be acknowledged
  10: optional string source        // MASTER, AGENT
}

// ---------------------------------------------------------------- frameworks

struct FrameworkInfo {
  1: string name,
  2: string user,
  3: optional string role,                    // default "*"
  4: optional double failoverTimeoutSeconds,  // default 0
  5: optional list<string> capabilities,
  6: optional string frameworkId,             // set to re-register an existing framework
  7: optional string hostname,
  8: optional i32 protocolVersion
}

/** How close an offer's agent is to what its framework asked for (see SetLocalityRequest). */
enum LocalityLevel {
  NODE_LOCAL = 1,
  RACK_LOCAL = 2,
  ANY = 3
}

struct Offer {
  1: string offerId,
  2: string frameworkId,
  3: string agentId,
  4: string hostname,
  5: list<Resource> resources,
  6: list<Attribute> attributes,
  7: optional string rack,              // the agent's rack ("/default-rack" if it names none)
  8: optional LocalityLevel locality    // ANY when the framework stated no wishes
}

/**
 * Where a framework wants its next tasks, replacing what it said before: task counts per host
 * name and per rack, and HDFS paths whose blocks' hosts the master adds to the host counts (one
 * task per block). Empty maps and no paths clear the wishes.
 */
struct SetLocalityRequest {
  1: string frameworkId,
  2: map<string, i32> hosts,
  3: map<string, i32> racks,
  4: optional list<string> hdfsPaths,
  5: optional i64 nodeWaitMillis,   // delay scheduling: how long to pass up non-local offers
  6: optional i64 rackWaitMillis    //   ... and then non-rack-local ones; default: the master's
}

struct Filters {
  1: optional double refuseSeconds   // default 5
}

enum EventType {
  REGISTERED = 1,
  OFFERS = 2,
  RESCIND = 3,
  UPDATE = 4,
  AGENT_LOST = 5,
  ERROR = 6,
  HEARTBEAT = 7
}

/** One event for a framework. The fields that are set depend on the type. */
struct Event {
  1: i64 sequence,
  2: EventType type,
  3: optional string frameworkId,   // REGISTERED
  4: optional list<Offer> offers,   // OFFERS
  5: optional string offerId,       // RESCIND
  6: optional TaskStatus status,    // UPDATE
  7: optional string agentId,       // AGENT_LOST
  8: optional string message        // ERROR, AGENT_LOST, RESCIND
}

struct RegisterFrameworkRequest {
  1: FrameworkInfo framework
}

struct RegisterFrameworkResponse {
  1: string frameworkId,
  2: string masterId,
  3: i64 heartbeatIntervalMillis
}

/**
 * Long poll: returns the events numbered fromSequence and later, waiting up to maxWaitMillis
 * for the first one. Asking for fromSequence acknowledges receipt of everything before it, so
 * the master may forget those.
 */
struct PollEventsRequest {
  1: string frameworkId,
  2: i64 fromSequence,
  3: i32 maxWaitMillis,
  4: optional i32 maxEvents
}

struct PollEventsResponse {
  1: list<Event> events
}

struct AcceptRequest {
  1: string frameworkId,
  2: list<string> offerIds,
  3: list<TaskInfo> tasks,
  4: optional Filters filters
}

struct DeclineRequest {
  1: string frameworkId,
  2: list<string> offerIds,
  3: optional Filters filters
}

struct FrameworkRequest {
  1: string frameworkId
}

struct KillTaskRequest {
  1: string frameworkId,
  2: string taskId,
  3: optional double gracePeriodSeconds
}

struct AcknowledgeRequest {
  1: string frameworkId,
  2: string agentId,
  3: string taskId,
  4: string updateId
}

struct ReconcileTask {
  1: string taskId,
  2: optional string agentId
}

/** Explicit reconciliation names tasks; an empty list asks for every task the master knows. */
struct ReconcileRequest {
  1: string frameworkId,
  2: list<ReconcileTask> tasks
}

service SchedulerService {
  RegisterFrameworkResponse registerFramework(1: RegisterFrameworkRequest request) throws (1: MesetaError error),
  PollEventsResponse pollEvents(1: PollEventsRequest request) throws (1: MesetaError error),
  void accept(1: AcceptRequest request) throws (1: MesetaError error),
  void decline(1: DeclineRequest request) throws (1: MesetaError error),
  void revive(1: FrameworkRequest request) throws (1: MesetaError error),
  void suppress(1: FrameworkRequest request) throws (1: MesetaError error),
  void killTask(1: KillTaskRequest request) throws (1: MesetaError error),
  void acknowledge(1: AcknowledgeRequest request) throws (1: MesetaError error),
  void reconcile(1: ReconcileRequest request) throws (1: MesetaError error),
  void teardown(1: FrameworkRequest request) throws (1: MesetaError error),
  void setLocality(1: SetLocalityRequest request) throws (1: MesetaError error)
}

// ---------------------------------------------------------------- agents

/** A task the agent runs, reported when it re-registers. */
struct RunningTask {
  1: string frameworkId,
  2: TaskInfo task,
  3: TaskState state
}

struct RegisterAgentRequest {
  1: optional string agentId,        // set to re-register
  2: string hostname,
  3: i32 port,                       // the agent's own Thrift port
  4: list<Resource> resources,       // total resources
  5: list<Attribute> attributes,
  6: optional list<RunningTask> runningTasks,
  7: optional i32 protocolVersion,
  8: optional i32 httpPort           // the agent's HTTP port (/metrics, /health, /files/read); absent: none
}

struct RegisterAgentResponse {
  1: string agentId,
  2: string masterId,
  3: i64 heartbeatIntervalMillis
}

/** What one task's container uses, sampled by its agent. */
struct ResourceUsage {
  1: double cpuSeconds,                 // CPU time since the container started (user + system, all cores)
  2: i64 memoryBytes,                   // memory in use now
  3: optional i64 memoryLimitBytes,     // absent: the container has no memory limit
  4: i32 processes,                     // processes in the container now
  5: i64 sampledAtMillis                // when the agent took the sample (agent's clock, epoch ms)
}

/** The usage of one running task. */
struct TaskUsage {
  1: string frameworkId,
  2: string taskId,
  3: ResourceUsage usage
}

struct HeartbeatRequest {
  1: string agentId,
  2: optional list<TaskUsage> usage     // running tasks whose isolators measure them; absent: none sent
}

struct HeartbeatResponse {
  1: string masterId
}

struct StatusUpdateRequest {
  1: string agentId,
  2: string frameworkId,
  3: TaskStatus status      // carries updateId
}

service MasterAgentService {
  RegisterAgentResponse registerAgent(1: RegisterAgentRequest request) throws (1: MesetaError error),
  HeartbeatResponse heartbeat(1: HeartbeatRequest request) throws (1: MesetaError error),
  void statusUpdate(1: StatusUpdateRequest request) throws (1: MesetaError error)
}

// ---------------------------------------------------------------- master -> agent

struct LaunchTasksRequest {
  1: string frameworkId,
  2: FrameworkInfo framework,
  3: list<TaskInfo> tasks,
  4: string masterId
}

struct AgentKillTaskRequest {
  1: string frameworkId,
  2: string taskId,
  3: optional double gracePeriodSeconds
}

struct AgentAcknowledgeRequest {
  1: string frameworkId,
  2: string taskId,
  3: string updateId
}

struct ShutdownFrameworkRequest {
  1: string frameworkId
}

struct AgentStateRequest {
}

struct AgentStateResponse {
  1: string agentId,
  2: string hostname,
  3: list<Resource> total,
  4: list<RunningTask> tasks,
  5: i32 pendingUpdates
}

service AgentService {
  void launchTasks(1: LaunchTasksRequest request) throws (1: MesetaError error),
  void killTask(1: AgentKillTaskRequest request) throws (1: MesetaError error),
  void acknowledgeUpdate(1: AgentAcknowledgeRequest request) throws (1: MesetaError error),
  void shutdownFramework(1: ShutdownFrameworkRequest request) throws (1: MesetaError error),
  AgentStateResponse getState(1: AgentStateRequest request) throws (1: MesetaError error)
}

// ---------------------------------------------------------------- operators

struct AgentSummary {
  1: string agentId,
  2: string hostname,
  3: i32 port,
  4: list<Resource> total,
  5: list<Resource> used,       // held by tasks
  6: list<Resource> offered,    // in outstanding offers
  7: list<Attribute> attributes,
  8: bool active,
  9: i64 registeredAtMillis,
  10: optional i32 httpPort     // the agent's HTTP port on its hostname; absent: it serves none (or has
                                // not re-registered since a failover)
}

struct TaskSummary {
  1: string taskId,
  2: string name,
  3: string frameworkId,
  4: string agentId,
  5: TaskState state,
  6: list<Resource> resources,
  7: optional string reason,
  8: optional string message,
  9: optional i32 exitCode,
  10: optional ResourceUsage usage   // the latest sample its agent sent; absent: none yet
}

struct FrameworkSummary {
  1: string frameworkId,
  2: string name,
  3: string user,
  4: string role,
  5: bool active,
  6: bool suppressed,
  7: list<Resource> allocated,   // used + offered
  8: double dominantShare,
  9: i32 outstandingOffers
}

struct ClusterStateRequest {
  1: optional bool includeCompletedTasks
}

struct ClusterStateResponse {
  1: string masterId,
  2: string leader,
  3: i64 startedAtMillis,
  4: list<AgentSummary> agents,
  5: list<FrameworkSummary> frameworks,
  6: list<TaskSummary> tasks,
  7: list<Resource> totalResources
}

service OperatorService {
  ClusterStateResponse getState(1: ClusterStateRequest request) throws (1: MesetaError error)
}
