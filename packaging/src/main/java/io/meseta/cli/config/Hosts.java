package io.meseta.cli.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This machine's name, as other machines should address it. */
public final class Hosts {
  private Hosts() {}

  public static String localName() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }
}
