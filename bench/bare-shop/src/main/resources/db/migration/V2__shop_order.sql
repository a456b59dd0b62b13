-- product(sku) belongs to the catalog module, which migrates first: ordering requires catalog
create table shop_order (
    id varchar(40) primary key,
    sku varchar(40) not null references product (sku),
    quantity int not null check (quantity > 0),
    total_cents bigint not null,
    state varchar(20) not null,
    version bigint not null
);
