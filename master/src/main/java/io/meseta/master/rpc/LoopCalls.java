package io.meseta.master.rpc;

import com.codahale.metrics.Timer;
import io.meseta.master.CallRejected;
import io.meseta.master.loop.EventLoop;
import io.meseta.master.metrics.MasterMetrics;
import io.meseta.protocol.codec.Errors;
import io.meseta.protocol.thrift.ErrorCode;
import io.meseta.protocol.thrift.MesetaError;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an RPC's work on the master's loop, times it, and turns refusals into the wire error:
 * {@link CallRejected} keeps its reason, a malformed request becomes INVALID_REQUEST, anything
 * unexpected becomes INTERNAL (and is logged) without taking the server down.
 */
final class LoopCalls {
  private static final Logger LOG = LoggerFactory.getLogger(LoopCalls.class);

  private final EventLoop loop;
  private final MasterMetrics metrics;
  private final Duration timeout;

  LoopCalls(EventLoop loop, MasterMetrics metrics, Duration timeout) {
    this.loop = loop;
    this.metrics = metrics;
    this.timeout = timeout;
  }

  <T> T call(String method, Callable<T> work) throws MesetaError {
    Timer.Context timer = metrics.rpc(method).time();
    try {
      return loop.call(work, timeout);
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

  void run(String method, Runnable work) throws MesetaError {
    call(method, () -> {
      work.run();
      return null;
    });
  }

  /** Decodes a request part off the loop; a malformed one is refused as INVALID_REQUEST. */
  <T> T decode(Supplier<T> decoder) throws MesetaError {
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
