package com.bento.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bento.BentoException;
import com.bento.ReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryRepositoryTest {

    record Product(String sku, long priceCents, long version) {
        Product withVersion(long v) {
            return new Product(sku, priceCents, v);
        }
    }

    private static InMemoryRepository<Product, String> products() {
        return InMemoryRepository.versioned(Product.class, Product::sku, Product::version, Product::withVersion);
    }

    private static void assertConflict(Runnable save, String message) {
        assertThatThrownBy(save::run).isInstanceOf(BentoException.class)
                .satisfies(e -> {
                    BentoException b = (BentoException) e;
                    assertThat(b.reason().code()).isEqualTo(ReasonCode.OPTIMISTIC_LOCK_CONFLICT.code());
                    assertThat(b.reason().httpStatus()).isEqualTo(409);
                    assertThat(b.reason().retryable()).isTrue();
                })
                .hasMessageContaining(message);
    }

    @Test
    void versionZeroInsertsAsOneAndEachUpdateOfTheStoredVersionAddsOne() {
        InMemoryRepository<Product, String> repo = products();
        Product stored = repo.save(new Product("tea", 250, 0));
        assertThat(stored.version()).isEqualTo(1);
        Product updated = repo.save(new Product("tea", 300, 1));
        assertThat(updated.version()).isEqualTo(2);
        assertThat(repo.findById("tea")).contains(new Product("tea", 300, 2));
    }

    @Test
    void aStaleVersionAndARepeatedInsertAreConflictsAndChangeNothing() {
        InMemoryRepository<Product, String> repo = products();
        repo.save(new Product("tea", 250, 0));
        repo.save(new Product("tea", 300, 1));
        assertConflict(() -> repo.save(new Product("tea", 999, 1)), "expected version 1");
        assertConflict(() -> repo.save(new Product("tea", 999, 0)), "expected version 0");
        assertConflict(() -> repo.save(new Product("coffee", 999, 3)), "coffee");
        assertThat(repo.findAll()).containsExactly(new Product("tea", 300, 2));
    }

    @Test
    void ofConcurrentWritersOfOneVersionExactlyOneWins() throws Exception {
        InMemoryRepository<Product, String> repo = products();
        repo.save(new Product("tea", 250, 0));
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger wins = new AtomicInteger();
        List<Throwable> conflicts = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long price = 300 + i;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    repo.save(new Product("tea", price, 1));
                    wins.incrementAndGet();
                } catch (BentoException e) {
                    conflicts.add(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(wins).hasValue(1);
        assertThat(conflicts).hasSize(7);
        assertThat(repo.findById("tea")).get().extracting(Product::version).isEqualTo(2L);
    }

    @Test
    void anUnversionedRepositoryStoresAsGivenInIdOrderAndDeletes() {
        InMemoryRepository<Product, String> repo = InMemoryRepository.of(Product.class, Product::sku);
        repo.save(new Product("tea", 1, 7));
        repo.save(new Product("coffee", 2, 7));
        assertThat(repo.findAll()).extracting(Product::sku).containsExactly("coffee", "tea");
        assertThat(repo.deleteById("tea")).isTrue();
        assertThat(repo.deleteById("tea")).isFalse();
        assertThat(repo.findById("tea")).isEmpty();
    }
}
