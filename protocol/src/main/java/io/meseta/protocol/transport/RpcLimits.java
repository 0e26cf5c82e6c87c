package io.meseta.protocol.transport;

/**
 * Size and time limits for Thrift connections.
 *
 * @param maxFrameBytes      largest frame accepted; a bigger declared frame closes the connection
 * @param connectTimeoutMillis time allowed to open a connection
 * @param socketTimeoutMillis  time a client waits for a reply (long polls add their own wait)
 * @param serverIdleTimeoutMillis time a server keeps a silent connection open
 */
public record RpcLimits(int maxFrameBytes, int connectTimeoutMillis, int socketTimeoutMillis,
    int serverIdleTimeoutMillis) {
  public static final RpcLimits DEFAULT = new RpcLimits(16 * 1024 * 1024, 5_000, 30_000, 300_000);

  public RpcLimits {
    if (maxFrameBytes < 1024) {
      throw new IllegalArgumentException("maxFrameBytes must be at least 1024, got " + maxFrameBytes);
    }
    if (connectTimeoutMillis <= 0 || socketTimeoutMillis <= 0 || serverIdleTimeoutMillis <= 0) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }
}
