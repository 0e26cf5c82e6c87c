package io.meseta.slave;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/** Records what is logged while it is open, as {@code LEVEL message} lines. */
final class LogCapture implements AutoCloseable {
  private static final String NAME = "test-capture";

  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
  private final AbstractAppender appender = new AbstractAppender(NAME, null, null, true, Property.EMPTY_ARRAY) {
    @Override
    public void append(LogEvent event) {
      lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
    }
  };

  private LogCapture() {
    appender.start();
    Configuration config = context.getConfiguration();
    config.getRootLogger().addAppender(appender, Level.ALL, null);
    context.updateLoggers();
  }

  static LogCapture start() {
    return new LogCapture();
  }

  /** The lines logged at ERROR so far. */
  List<String> errors() {
    return lines.stream().filter(l -> l.startsWith("ERROR ")).toList();
  }

  @Override
  public void close() {
    context.getConfiguration().getRootLogger().removeAppender(NAME);
    context.updateLoggers();
    appender.stop();
  }
}
