package io.siyu.udf.sql;

import io.siyu.udf.PhoneHasher;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * Flink SQL function {@code HASH_PHONE(phone)}: the same salted hash the jobs store, so that SQL
 * jobs and ad-hoc queries can join on a phone without ever seeing it. Register with {@code CREATE
 * FUNCTION HASH_PHONE AS 'io.siyu.udf.sql.HashPhone'}; the salt comes from the task managers'
 * environment.
 */
public class HashPhone extends ScalarFunction {
  private transient PhoneHasher hasher;

  @Override
  public void open(FunctionContext context) {
    hasher = PhoneHasher.fromEnvironment(System.getenv());
  }

  public String eval(String phone) {
    return hasher.hash(phone);
  }
}
