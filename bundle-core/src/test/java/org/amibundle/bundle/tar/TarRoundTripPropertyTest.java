package org.amibundle.bundle.tar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

/** Whatever layout is written, our reader gives back the same image and delivers no hole. */
class TarRoundTripPropertyTest {

  /** An image of random bytes (zeros included) whose layout keeps only some of them. */
  record Case(byte[] bytes, DataLayout layout) {
    @Override
    public String toString() {
      return "size " + layout.size() + ", data " + layout.data();
    }
  }

  @Provide
  Arbitrary<Case> images() {
    Arbitrary<Integer> sizes =
        Arbitraries.oneOf(
            Arbitraries.of(0, 1, 511, 512, 513, 4096, 10240),
            Arbitraries.integers().between(0, 4 << 20));
    return Combinators.combine(sizes, Arbitraries.longs(), Arbitraries.of(true, false))
        .as(TarRoundTripPropertyTest::randomCase);
  }

  private static Case randomCase(int size, long seed, boolean aligned) {
    Random random = new Random(seed);
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    List<Extent> data = new ArrayList<>();
    int unit = aligned ? 4096 : 1;
    long position = 0;
    int regions = random.nextInt(40);
    for (int i = 0; i < regions && position < size; i++) {
      long start = position + (long) random.nextInt(Math.max(1, size / 8 / unit + 1)) * unit;
      long length = 1 + (long) random.nextInt(Math.max(1, size / 8));
      if (start < size) {
        data.add(new Extent(start, Math.min(length, size - start)));
        position = start + Math.min(length, size - start) + 1;
      }
    }
    if (random.nextInt(5) == 0) {
      data = size == 0 ? List.of() : List.of(new Extent(0, size));
    }
    for (long at = 0, next = 0; at < size; at = next) {
      Extent covering = covering(data, at);
      next = covering != null ? covering.end() : nextStart(data, at, size);
      if (covering == null) {
        java.util.Arrays.fill(bytes, (int) at, (int) next, (byte) 0);
      }
    }
    return new Case(bytes, new DataLayout(size, data));
  }

  private static Extent covering(List<Extent> data, long at) {
    return data.stream().filter(e -> e.offset() <= at && at < e.end()).findFirst().orElse(null);
  }

  private static long nextStart(List<Extent> data, long at, long size) {
    return data.stream().mapToLong(Extent::offset).filter(o -> o > at).min().orElse(size);
  }

  @Property(tries = 60)
  void writeThenRead_givesTheSameImageWithoutHoles(@ForAll("images") Case image)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TarEntryInfo entry = new TarEntryInfo("disk.img", 0644, 1_234_567_890L);
    long written =
        ImageTarWriter.write(
            entry, image.layout(), new SeekableInMemoryByteChannel(image.bytes()), out);
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    CollectingSink sink = new CollectingSink();

    TarImage read = ImageTarReader.read(in, sink, Long.MAX_VALUE);

    assertEquals(out.size(), written);
    assertEquals(0, written % 10240);
    assertEquals(0, in.available());
    assertEquals(new TarImage("disk.img", image.layout().size(), image.layout().hasHoles()), read);
    assertArrayEquals(image.bytes(), sink.image());
    assertTrue(sink.deliveredOnlyWithin(image.layout().data()), "a hole was delivered");
  }
}
