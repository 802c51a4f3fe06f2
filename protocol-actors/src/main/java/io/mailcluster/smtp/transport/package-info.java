/**
 * SMTP over TCP: {@link io.mailcluster.smtp.transport.SmtpServer} binds a port and runs one
 * {@link io.mailcluster.smtp.transport.SmtpConnectionStage} per connection, which drives an
 * {@link io.mailcluster.smtp.session.SmtpSession} and performs its effects against two ports
 * the node implements: {@link io.mailcluster.smtp.transport.RecipientResolver} (control data)
 * and {@link io.mailcluster.smtp.transport.MessageStore} (blob store plus appends).
 */
package io.mailcluster.smtp.transport;
