/**
 * Testing a Bento application: {@link com.bento.test.BentoTest} runs a runtime for a JUnit 5 test class,
 * {@link com.bento.test.BentoAssertions} checks it, and {@link com.bento.test.InMemoryRepository}
 * stands in for a JDBC repository.
 *
 * <p>Null-marked: parameters and results are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package com.bento.test;

import org.jspecify.annotations.NullMarked;
