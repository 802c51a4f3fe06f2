/**
 * The node's implementations of the SMTP transport's ports over the shared data:
 * {@link io.mailcluster.smtp.delivery.ControlDataRecipientResolver} asks the Domain entities who
 * an RCPT address is, {@link io.mailcluster.smtp.delivery.MailboxMessageStore} streams the
 * message into the blob store and appends it to every recipient's INBOX before the 250.
 */
package io.mailcluster.smtp.delivery;
