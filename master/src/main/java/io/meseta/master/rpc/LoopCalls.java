package io.meseta.master.rpc;

import com.codahale.metrics.Timer;
import io.meseta.master.CallRejected;
import io.meseta.master.Master;
import io.meseta.master.MasterSeat;
import io.meseta.master.NotLeaderException;
import io.meseta.master.loop.EventLoop;
import io.meseta.master.metrics.MasterMetrics;
import io.meseta.protocol.codec.Errors;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.MesetaError;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an RPC's work on the master's loop with the leading master, times it, and turns refusals
 * into the wire error: {@link CallRejected} keeps its reason, a master that does not lead answers
 * NOT_LEADER naming the leader, a malformed request becomes INVALID_REQUEST, anything unexpected
 * becomes INTERNAL (and is logged) without taking the server down. The answer leaves only after
 * the call's registry writes are durable ({@link MasterSeat#serve}).
 */
final class LoopCalls {
  private static final Logger LOG = LoggerFactory.getLogger(LoopCalls.class);

  private final MasterSeat seat;
  private final EventLoop loop;
  private final MasterMetrics metrics;
  private final Duration timeout;

  LoopCalls(MasterSeat seat, EventLoop loop, MasterMetrics metrics, Duration timeout) {
    this.seat = seat;
    this.loop = loop;
    this.metrics = metrics;
    this.timeout = timeout;
  }

  <T> T call(String method, Function<Master, T> work) throws MesetaError {
    Timer.Context timer = metrics.rpc(method).time();
    try {
      if (seat.leading().isEmpty()) {
        throw seat.notLeader(); // a standby answers without waiting for its loop
      }
      return loop.call(() -> seat.serve(work), timeout);
    } catch (NotLeaderException e) {
      throw notLeader(e);
    } catch (CallRejected e) {
      metrics.callsRejected.inc();
      throw Errors.of(ErrorCode.valueOf(e.reason().name()), e.getMessage());
    } catch (IllegalArgumentException e) {
      metrics.callsRejected.inc();
      throw Errors.invalid(e.getMessage());
    } catch (EventLoop.LoopUnavailableException e) {
      throw Errors.of(ErrorCode.UNAVAILABLE, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("{} failed", method, e);
      throw Errors.of(ErrorCode.INTERNAL, method + " failed inside the master: " + e);
    } finally {
      timer.stop();
    }
  }

  void run(String method, Consumer<Master> work) throws MesetaError {
    call(method, m -> {
      work.accept(m);
      return null;
    });
  }

  /** The leading master for work off the loop (event polls), or NOT_LEADER. */
  Master leading() throws MesetaError {
    try {
      return seat.leading().orElseThrow(seat::notLeader);
    } catch (NotLeaderException e) {
      throw notLeader(e);
    }
  }

  private MesetaError notLeader(NotLeaderException e) {
    metrics.callsNotLeader.inc();
    MesetaError error = Errors.of(ErrorCode.NOT_LEADER, e.getMessage());
    e.leader().ifPresent(error::setLeader);
    return error;
  }

  /**
   * Decodes a request part off the loop; a malformed one is refused as INVALID_REQUEST. A master
   * that does not lead refuses every call as NOT_LEADER, before looking at it.
   */
  <T> T decode(Supplier<T> decoder) throws MesetaError {
    leading();
    try {
      return decoder.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      metrics.callsRejected.inc();
      throw Errors.invalid(e.getMessage() == null ? "a required field is missing" : e.getMessage());
    }
  }

  static <T> T required(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    return value;
  }
}
