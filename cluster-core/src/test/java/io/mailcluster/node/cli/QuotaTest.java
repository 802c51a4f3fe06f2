package io.mailcluster.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuotaTest {

  @ParameterizedTest
  @CsvSource({"0,0", "1073741824,1073741824", "512K,524288", "512m,536870912", "2G,2147483648", " 1G ,1073741824"})
  void parsesBytesAndBinarySuffixes(String text, long bytes) throws AdminCli.Usage {
    assertEquals(bytes, Quota.parse(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-1", "1T", "abc", "1.5G", "99999999999G"})
  void rejectsWhatIsNotAByteCount(String text) {
    assertThrows(AdminCli.Usage.class, () -> Quota.parse(text));
  }
}
