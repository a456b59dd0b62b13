-- needs store's table: runs only because audit requires store, so store migrates first
create table audit_entry (id int primary key, shelf_id int not null references shelf (id));
insert into audit_entry (id, shelf_id) values (1, 1);
