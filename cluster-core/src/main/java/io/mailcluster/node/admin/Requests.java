package io.mailcluster.node.admin;

/** JSON request bodies of the admin API. */
final class Requests {

  private Requests() {}

  record CreateDomain(String name) {}

  record CreateAccount(String address, String password, Long quotaBytes) {
    @Override
    public String toString() {
      return "CreateAccount[address=" + address + ", password=***, quotaBytes=" + quotaBytes + "]";
    }
  }

  record ChangePassword(String password) {
    @Override
    public String toString() {
      return "ChangePassword[password=***]";
    }
  }

  record SetQuota(Long bytes) {}

  record CreateAlias(String alias, String target) {}
}
