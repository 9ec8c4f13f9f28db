drop table legal.invoice_line_items;
drop table legal.expenses;
drop table legal.time_entries;
drop table legal.invoices;
drop table legal.template_versions;
drop table legal.templates;
drop table legal.communications;
drop table legal.tasks;
