package io.lakeport.api.impl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The API's loggers: one for requests (access log), one for everything else. */
final class ApiLog {
  static final Logger LOG = LoggerFactory.getLogger("io.lakeport.api");
  static final Logger ACCESS = LoggerFactory.getLogger("io.lakeport.api.access");

  private ApiLog() {
  }
}
