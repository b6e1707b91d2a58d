package io.lakeport.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Admission on its own: slots, the queue in front of them, and the typed rejections. */
class QueryAdmissionTest {

  private final QueryAdmission<String> admission = new QueryAdmission<>("trino", 2, 1);

  @Test
  void queriesStartWhileSlotsAreFreeThenWaitInTheQueue() {
    assertThat(admission.admit("a")).as("a gets the first slot").isTrue();
    assertThat(admission.admit("b")).as("b gets the second slot").isTrue();
    assertThat(admission.admit("c")).as("c waits").isFalse();
    assertThat(admission.running()).isEqualTo(2);
    assertThat(admission.waiting()).isEqualTo(1);
  }

  @Test
  void aFullQueueRefusesWith429NamingWhatItDecidedOn() {
    admission.admit("a");
    admission.admit("b");
    admission.admit("c");
    assertThatThrownBy(() -> admission.admit("d"))
        .isInstanceOfSatisfying(QueryRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(QueryRejectedException.Reason.FULL);
          assertThat(e.kind()).isEqualTo(QueryException.Kind.OVERLOADED);
          assertThat(e.kind().httpStatus()).isEqualTo(429);
          assertThat(e.engine()).isEqualTo("trino");
          assertThat(e.running()).isEqualTo(2);
          assertThat(e.waiting()).isEqualTo(1);
        })
        .hasMessage("2 queries are running on trino and 1 are waiting, the most allowed; try again later");
    assertThat(admission.waiting()).as("the refused query takes no place").isEqualTo(1);
  }

  @Test
  void anEndedQueryHandsItsSlotToTheOldestWaitingOne() {
    QueryAdmission<String> queue = new QueryAdmission<>("trino", 1, 3);
    queue.admit("a");
    queue.admit("b");
    queue.admit("c");
    assertThat(queue.release("a")).as("b waited longest").isEqualTo("b");
    assertThat(queue.running()).isEqualTo(1);
    assertThat(queue.release("b")).isEqualTo("c");
    assertThat(queue.release("c")).as("nobody waits any more").isNull();
    assertThat(queue.running()).isZero();
    assertThat(queue.admit("d")).as("the freed slot is taken at once").isTrue();
  }

  @Test
  void aWaitingQueryThatEndsLeavesTheQueueAndFreesNoSlot() {
    admission.admit("a");
    admission.admit("b");
    admission.admit("c");
    assertThat(admission.release("c")).isNull();
    assertThat(admission.waiting()).isZero();
    assertThat(admission.running()).isEqualTo(2);
    assertThat(admission.release("a")).as("nobody is left waiting for the slot").isNull();
  }

  @Test
  void aClosedAdmissionRefusesWith503() {
    admission.admit("a");
    admission.close();
    assertThatThrownBy(() -> admission.admit("b"))
        .isInstanceOfSatisfying(QueryRejectedException.class, e -> {
          assertThat(e.reason()).isEqualTo(QueryRejectedException.Reason.CLOSED);
          assertThat(e.kind().httpStatus()).isEqualTo(503);
        })
        .hasMessage("the query service for trino is closed");
    assertThat(admission.release("a")).isNull();
  }
}
