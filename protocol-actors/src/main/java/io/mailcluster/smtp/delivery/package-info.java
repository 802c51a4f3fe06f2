/**
 * The node's implementations of the SMTP transport's ports over the shared data:
 * {@link io.mailcluster.smtp.delivery.QuotaCheckingResolver} asks the Domain entities who an RCPT
 * address is (through {@link io.mailcluster.smtp.delivery.ControlDataRecipientResolver}) and
 * whether its mailbox has room ({@link io.mailcluster.smtp.delivery.QuotaRules});
 * {@link io.mailcluster.smtp.delivery.MailboxMessageStore} checks the recipients' quotas against
 * the message's size, streams it into the blob store and appends it to every recipient's INBOX
 * before the 250.
 */
package io.mailcluster.smtp.delivery;
