package io.lakeport.query.athena;

import io.lakeport.query.QueryException;
import io.lakeport.query.QueryException.Kind;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.athena.model.InternalServerException;
import software.amazon.awssdk.services.athena.model.InvalidRequestException;
import software.amazon.awssdk.services.athena.model.MetadataException;
import software.amazon.awssdk.services.athena.model.ResourceNotFoundException;

import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Translates what the AWS SDK throws for Athena calls into {@link QueryException}s. Throttling, whatever
 * form Athena gives it (TooManyRequestsException for the concurrent query quota, ThrottlingException for
 * the API call rate), becomes {@link Kind#OVERLOADED}: the query service's signal to back off and retry.
 */
final class AthenaErrors {

  private AthenaErrors() {
  }

  static Throwable translate(Throwable failure, String what) {
    Throwable e = unwrap(failure);
    if (e instanceof QueryException) {
      return e;
    }
    if (e instanceof AwsServiceException aws) {
      String code = aws.awsErrorDetails() != null ? aws.awsErrorDetails().errorCode() : null;
      String message = aws.awsErrorDetails() != null && aws.awsErrorDetails().errorMessage() != null
          ? aws.awsErrorDetails().errorMessage() : aws.getMessage();
      String text = "Athena could not " + what + ": " + (code != null ? code + ": " : "") + message;
      if (aws.isThrottlingException()) {
        return new QueryException(Kind.OVERLOADED, text, aws);
      }
      if (aws instanceof InvalidRequestException invalid) {
        // Athena answers an unknown or expired execution id with "QueryExecution <id> was not found".
        if (message != null && message.toLowerCase(Locale.ROOT).contains("was not found")) {
          return new QueryException(Kind.NOT_FOUND, text, aws);
        }
        if (invalid.athenaErrorCode() != null) {
          text = text + " (AthenaErrorCode " + invalid.athenaErrorCode() + ")";
        }
        return new QueryException(Kind.INVALID_QUERY, text, aws);
      }
      if (aws instanceof MetadataException) {
        // The Glue Data Catalog (or a federated one) failed: the engine failed, not the statement.
        return new QueryException(Kind.ENGINE_FAILED, text, aws);
      }
      if (aws instanceof ResourceNotFoundException || aws instanceof InternalServerException
          || aws.statusCode() >= 500 || aws.statusCode() == 403 || "AccessDeniedException".equals(code)) {
        // A missing workgroup, refused credentials or a server fault: nothing the caller's statement can fix.
        return new QueryException(Kind.ENGINE_UNAVAILABLE, text, aws);
      }
      return new QueryException(Kind.ENGINE_FAILED, text, aws);
    }
    if (e instanceof SdkClientException) {
      return new QueryException(Kind.ENGINE_UNAVAILABLE, "Athena could not be reached to " + what + ": "
          + e.getMessage(), e);
    }
    return e;
  }

  private static Throwable unwrap(Throwable e) {
    Throwable current = e;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
