package io.lakeport.app;

import io.lakeport.deploy.ListenException;
import io.lakeport.ops.cluster.ClusterJoinException;
import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code lakeport run} prints when start-up fails, without starting anything. */
class RunCommandTest {

  @Test
  void aServerThatCannotListenIsReportedWithItsAddressAndKeysNotJustTheSocketError() {
    Throwable failure = new ExecutionException(ListenException.cannotListen("metrics", "0.0.0.0", 9464,
        "metrics.host/metrics.port", new BindException("Address already in use")));
    assertThat(RunCommand.rootMessage(failure))
        .isEqualTo("metrics: cannot listen on 0.0.0.0:9464 (metrics.host/metrics.port): Address already in use");
  }

  @Test
  void aClusterThatCannotBeJoinedIsReportedWithItsAddressAndKeys() {
    Throwable failure = new ExecutionException(ClusterJoinException.unresolvableHost("nowhere.invalid",
        new UnknownHostException("nowhere.invalid: Name or service not known")));
    assertThat(RunCommand.rootMessage(failure))
        .isEqualTo("cluster.host: cannot resolve 'nowhere.invalid': nowhere.invalid: Name or service not known");
  }

  @Test
  void anyOtherFailureIsReportedByItsDeepestCause() {
    Throwable failure = new ExecutionException(new IllegalStateException("deploy failed",
        new IllegalArgumentException("the real reason")));
    assertThat(RunCommand.rootMessage(failure)).isEqualTo("the real reason");
  }
}
