create table product (
    sku varchar(40) primary key,
    name varchar(120) not null,
    price_cents bigint not null check (price_cents >= 0),
    version bigint not null
);
