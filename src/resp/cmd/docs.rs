//! `COMMAND DOCS` rows, one per implemented command, as redis-server 7.0
//! gives them (taken from its own `COMMAND DOCS`). A new command adds a row.

use super::command::Doc;

pub(crate) static DOCS: &[(&str, Doc)] = &[
    (
        "get",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Get the value of a key")),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "set",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Set the string value of a key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("history"),
                Doc::Set(&[
                    Doc::Array(&[
                        Doc::Bulk("2.6.12"),
                        Doc::Bulk("Added the `EX`, `PX`, `NX` and `XX` options."),
                    ]),
                    Doc::Array(&[Doc::Bulk("6.0.0"), Doc::Bulk("Added the `KEEPTTL` option.")]),
                    Doc::Array(&[
                        Doc::Bulk("6.2.0"),
                        Doc::Bulk("Added the `GET`, `EXAT` and `PXAT` option."),
                    ]),
                    Doc::Array(&[
                        Doc::Bulk("7.0.0"),
                        Doc::Bulk("Allowed the `NX` and `GET` options to be used together."),
                    ]),
                ]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("value")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("condition")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("since"), Doc::Bulk("2.6.12")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("nx")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("NX")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("xx")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("XX")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("get")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("GET")),
                        (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("expiration")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("seconds")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                    (Doc::Bulk("token"), Doc::Bulk("EX")),
                                    (Doc::Bulk("since"), Doc::Bulk("2.6.12")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("milliseconds")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                    (Doc::Bulk("token"), Doc::Bulk("PX")),
                                    (Doc::Bulk("since"), Doc::Bulk("2.6.12")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("unix-time-seconds")),
                                    (Doc::Bulk("type"), Doc::Bulk("unix-time")),
                                    (Doc::Bulk("token"), Doc::Bulk("EXAT")),
                                    (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("unix-time-milliseconds")),
                                    (Doc::Bulk("type"), Doc::Bulk("unix-time")),
                                    (Doc::Bulk("token"), Doc::Bulk("PXAT")),
                                    (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("keepttl")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("KEEPTTL")),
                                    (Doc::Bulk("since"), Doc::Bulk("6.0.0")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "incr",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Increment the integer value of a key by one"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "mset",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Set multiple keys to multiple values"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.1")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of keys to set."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key_value")),
                    (Doc::Bulk("type"), Doc::Bulk("block")),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    (
                        Doc::Bulk("arguments"),
                        Doc::Array(&[
                            Doc::Map(&[
                                (Doc::Bulk("name"), Doc::Bulk("key")),
                                (Doc::Bulk("type"), Doc::Bulk("key")),
                                (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                            ]),
                            Doc::Map(&[
                                (Doc::Bulk("name"), Doc::Bulk("value")),
                                (Doc::Bulk("type"), Doc::Bulk("string")),
                            ]),
                        ]),
                    ),
                ])]),
            ),
        ]),
    ),
    (
        "mget",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the values of all the given keys"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of keys to retrieve."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                ])]),
            ),
        ]),
    ),
    (
        "setnx",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Set the value of a key, only if the key does not exist"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("value")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "setex",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Set the value and expiration of a key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("seconds")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("value")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "psetex",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Set the value and expiration in milliseconds of a key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.6.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("milliseconds")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("value")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "msetnx",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Set multiple keys to multiple values, only if none of the keys exist"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.1")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of keys to set."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key_value")),
                    (Doc::Bulk("type"), Doc::Bulk("block")),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    (
                        Doc::Bulk("arguments"),
                        Doc::Array(&[
                            Doc::Map(&[
                                (Doc::Bulk("name"), Doc::Bulk("key")),
                                (Doc::Bulk("type"), Doc::Bulk("key")),
                                (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                            ]),
                            Doc::Map(&[
                                (Doc::Bulk("name"), Doc::Bulk("value")),
                                (Doc::Bulk("type"), Doc::Bulk("string")),
                            ]),
                        ]),
                    ),
                ])]),
            ),
        ]),
    ),
    (
        "getset",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Set the string value of a key and return its old value"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("doc_flags"),
                Doc::Set(&[Doc::Simple("deprecated")]),
            ),
            (Doc::Bulk("deprecated_since"), Doc::Bulk("6.2.0")),
            (
                Doc::Bulk("replaced_by"),
                Doc::Bulk("`SET` with the `!GET` argument"),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("value")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "getdel",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the value of a key and delete the key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "getex",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the value of a key and optionally set its expiration"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("expiration")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("seconds")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                    (Doc::Bulk("token"), Doc::Bulk("EX")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("milliseconds")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                    (Doc::Bulk("token"), Doc::Bulk("PX")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("unix-time-seconds")),
                                    (Doc::Bulk("type"), Doc::Bulk("unix-time")),
                                    (Doc::Bulk("token"), Doc::Bulk("EXAT")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("unix-time-milliseconds")),
                                    (Doc::Bulk("type"), Doc::Bulk("unix-time")),
                                    (Doc::Bulk("token"), Doc::Bulk("PXAT")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("persist")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("PERSIST")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "append",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Append a value to a key")),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("value")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "strlen",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the length of the value stored in a key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "getrange",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get a substring of the string stored at a key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.4.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("start")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("end")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "substr",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get a substring of the string stored at a key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.",
                ),
            ),
            (
                Doc::Bulk("doc_flags"),
                Doc::Set(&[Doc::Simple("deprecated")]),
            ),
            (Doc::Bulk("deprecated_since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("replaced_by"), Doc::Bulk("`GETRANGE`")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("start")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("end")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "setrange",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Overwrite part of a string at key starting at the specified offset"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("offset")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("value")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "decr",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Decrement the integer value of a key by one"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "incrby",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Increment the integer value of a key by the given amount"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("increment")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "decrby",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Decrement the integer value of a key by the given number"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("decrement")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "incrbyfloat",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Increment the float value of a key by the given amount"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.6.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("increment")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "bitfield",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Perform arbitrary bitfield integer operations on strings"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("3.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("bitmap")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(1) for each subcommand specified"),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("operation")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (
                            Doc::Bulk("flags"),
                            Doc::Set(&[Doc::Simple("optional"), Doc::Simple("multiple")]),
                        ),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("encoding_offset")),
                                    (Doc::Bulk("type"), Doc::Bulk("block")),
                                    (Doc::Bulk("token"), Doc::Bulk("GET")),
                                    (
                                        Doc::Bulk("arguments"),
                                        Doc::Array(&[
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("encoding")),
                                                (Doc::Bulk("type"), Doc::Bulk("string")),
                                            ]),
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("offset")),
                                                (Doc::Bulk("type"), Doc::Bulk("integer")),
                                            ]),
                                        ]),
                                    ),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("write")),
                                    (Doc::Bulk("type"), Doc::Bulk("block")),
                                    (
                                        Doc::Bulk("arguments"),
                                        Doc::Array(&[
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("wrap_sat_fail")),
                                                (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                                (Doc::Bulk("token"), Doc::Bulk("OVERFLOW")),
                                                (
                                                    Doc::Bulk("flags"),
                                                    Doc::Set(&[Doc::Simple("optional")]),
                                                ),
                                                (
                                                    Doc::Bulk("arguments"),
                                                    Doc::Array(&[
                                                        Doc::Map(&[
                                                            (Doc::Bulk("name"), Doc::Bulk("wrap")),
                                                            (
                                                                Doc::Bulk("type"),
                                                                Doc::Bulk("pure-token"),
                                                            ),
                                                            (Doc::Bulk("token"), Doc::Bulk("WRAP")),
                                                        ]),
                                                        Doc::Map(&[
                                                            (Doc::Bulk("name"), Doc::Bulk("sat")),
                                                            (
                                                                Doc::Bulk("type"),
                                                                Doc::Bulk("pure-token"),
                                                            ),
                                                            (Doc::Bulk("token"), Doc::Bulk("SAT")),
                                                        ]),
                                                        Doc::Map(&[
                                                            (Doc::Bulk("name"), Doc::Bulk("fail")),
                                                            (
                                                                Doc::Bulk("type"),
                                                                Doc::Bulk("pure-token"),
                                                            ),
                                                            (Doc::Bulk("token"), Doc::Bulk("FAIL")),
                                                        ]),
                                                    ]),
                                                ),
                                            ]),
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("write_operation")),
                                                (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                                (
                                                    Doc::Bulk("arguments"),
                                                    Doc::Array(&[
                                                        Doc::Map(&[
                                                            (
                                                                Doc::Bulk("name"),
                                                                Doc::Bulk("encoding_offset_value"),
                                                            ),
                                                            (Doc::Bulk("type"), Doc::Bulk("block")),
                                                            (Doc::Bulk("token"), Doc::Bulk("SET")),
                                                            (
                                                                Doc::Bulk("arguments"),
                                                                Doc::Array(&[
                                                                    Doc::Map(&[
                                                                        (
                                                                            Doc::Bulk("name"),
                                                                            Doc::Bulk("encoding"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("type"),
                                                                            Doc::Bulk("string"),
                                                                        ),
                                                                    ]),
                                                                    Doc::Map(&[
                                                                        (
                                                                            Doc::Bulk("name"),
                                                                            Doc::Bulk("offset"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("type"),
                                                                            Doc::Bulk("integer"),
                                                                        ),
                                                                    ]),
                                                                    Doc::Map(&[
                                                                        (
                                                                            Doc::Bulk("name"),
                                                                            Doc::Bulk("value"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("type"),
                                                                            Doc::Bulk("integer"),
                                                                        ),
                                                                    ]),
                                                                ]),
                                                            ),
                                                        ]),
                                                        Doc::Map(&[
                                                            (
                                                                Doc::Bulk("name"),
                                                                Doc::Bulk(
                                                                    "encoding_offset_increment",
                                                                ),
                                                            ),
                                                            (Doc::Bulk("type"), Doc::Bulk("block")),
                                                            (
                                                                Doc::Bulk("token"),
                                                                Doc::Bulk("INCRBY"),
                                                            ),
                                                            (
                                                                Doc::Bulk("arguments"),
                                                                Doc::Array(&[
                                                                    Doc::Map(&[
                                                                        (
                                                                            Doc::Bulk("name"),
                                                                            Doc::Bulk("encoding"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("type"),
                                                                            Doc::Bulk("string"),
                                                                        ),
                                                                    ]),
                                                                    Doc::Map(&[
                                                                        (
                                                                            Doc::Bulk("name"),
                                                                            Doc::Bulk("offset"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("type"),
                                                                            Doc::Bulk("integer"),
                                                                        ),
                                                                    ]),
                                                                    Doc::Map(&[
                                                                        (
                                                                            Doc::Bulk("name"),
                                                                            Doc::Bulk("increment"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("type"),
                                                                            Doc::Bulk("integer"),
                                                                        ),
                                                                    ]),
                                                                ]),
                                                            ),
                                                        ]),
                                                    ]),
                                                ),
                                            ]),
                                        ]),
                                    ),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "bitfield_ro",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("6.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("bitmap")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(1) for each subcommand specified"),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("encoding_offset")),
                        (Doc::Bulk("type"), Doc::Bulk("block")),
                        (Doc::Bulk("token"), Doc::Bulk("GET")),
                        (
                            Doc::Bulk("flags"),
                            Doc::Set(&[
                                Doc::Simple("optional"),
                                Doc::Simple("multiple"),
                                Doc::Simple("multiple_token"),
                            ]),
                        ),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("encoding")),
                                    (Doc::Bulk("type"), Doc::Bulk("string")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("offset")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "setbit",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Sets or clears the bit at offset in the string value stored at key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("bitmap")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("offset")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("value")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "getbit",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Returns the bit value at offset in the string value stored at key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("bitmap")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("offset")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "bitcount",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Count set bits in a string"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.6.0")),
            (Doc::Bulk("group"), Doc::Bulk("bitmap")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(N)")),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("7.0.0"),
                    Doc::Bulk("Added the `BYTE|BIT` option."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("index")),
                        (Doc::Bulk("type"), Doc::Bulk("block")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("start")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("end")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("index_unit")),
                                    (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                    (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
                                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                    (
                                        Doc::Bulk("arguments"),
                                        Doc::Array(&[
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("byte")),
                                                (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                (Doc::Bulk("token"), Doc::Bulk("BYTE")),
                                            ]),
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("bit")),
                                                (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                (Doc::Bulk("token"), Doc::Bulk("BIT")),
                                            ]),
                                        ]),
                                    ),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "bitpos",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Find first bit set or clear in a string"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.8.7")),
            (Doc::Bulk("group"), Doc::Bulk("bitmap")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(N)")),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("7.0.0"),
                    Doc::Bulk("Added the `BYTE|BIT` option."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("bit")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("index")),
                        (Doc::Bulk("type"), Doc::Bulk("block")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("start")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("end_index")),
                                    (Doc::Bulk("type"), Doc::Bulk("block")),
                                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                    (
                                        Doc::Bulk("arguments"),
                                        Doc::Array(&[
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("end")),
                                                (Doc::Bulk("type"), Doc::Bulk("integer")),
                                            ]),
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("index_unit")),
                                                (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                                (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
                                                (
                                                    Doc::Bulk("flags"),
                                                    Doc::Set(&[Doc::Simple("optional")]),
                                                ),
                                                (
                                                    Doc::Bulk("arguments"),
                                                    Doc::Array(&[
                                                        Doc::Map(&[
                                                            (Doc::Bulk("name"), Doc::Bulk("byte")),
                                                            (
                                                                Doc::Bulk("type"),
                                                                Doc::Bulk("pure-token"),
                                                            ),
                                                            (Doc::Bulk("token"), Doc::Bulk("BYTE")),
                                                        ]),
                                                        Doc::Map(&[
                                                            (Doc::Bulk("name"), Doc::Bulk("bit")),
                                                            (
                                                                Doc::Bulk("type"),
                                                                Doc::Bulk("pure-token"),
                                                            ),
                                                            (Doc::Bulk("token"), Doc::Bulk("BIT")),
                                                        ]),
                                                    ]),
                                                ),
                                            ]),
                                        ]),
                                    ),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "bitop",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Perform bitwise operations between strings"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.6.0")),
            (Doc::Bulk("group"), Doc::Bulk("bitmap")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(N)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("operation")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("destkey")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "lcs",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Find longest common substring"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("string")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N*M) where N and M are the lengths of s1 and s2, respectively"),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key1")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key2")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("len")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("LEN")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("idx")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("IDX")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("len")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("MINMATCHLEN")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("withmatchlen")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("WITHMATCHLEN")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "hset",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Set the string value of a hash field"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs.",
                ),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("4.0.0"),
                    Doc::Bulk("Accepts multiple `field` and `value` arguments."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("field_value")),
                        (Doc::Bulk("type"), Doc::Bulk("block")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("field")),
                                    (Doc::Bulk("type"), Doc::Bulk("string")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("value")),
                                    (Doc::Bulk("type"), Doc::Bulk("string")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "hsetnx",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Set the value of a hash field, only if the field does not exist"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("field")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("value")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "hget",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the value of a hash field"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("field")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "hmget",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the values of all the given hash fields"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of fields being requested."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("field")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "hmset",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Set multiple hash fields to multiple values"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of fields being set."),
            ),
            (
                Doc::Bulk("doc_flags"),
                Doc::Set(&[Doc::Simple("deprecated")]),
            ),
            (Doc::Bulk("deprecated_since"), Doc::Bulk("4.0.0")),
            (
                Doc::Bulk("replaced_by"),
                Doc::Bulk("`HSET` with multiple field-value pairs"),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("field_value")),
                        (Doc::Bulk("type"), Doc::Bulk("block")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("field")),
                                    (Doc::Bulk("type"), Doc::Bulk("string")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("value")),
                                    (Doc::Bulk("type"), Doc::Bulk("string")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "hgetall",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get all the fields and values in a hash"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the size of the hash."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "hdel",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Delete one or more hash fields"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of fields to be removed."),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("2.4.0"),
                    Doc::Bulk("Accepts multiple `field` arguments."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("field")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "hexists",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Determine if a hash field exists"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("field")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "hlen",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the number of fields in a hash"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "hkeys",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get all the fields in a hash"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the size of the hash."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "hvals",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get all the values in a hash"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the size of the hash."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "hstrlen",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the length of the value of a hash field"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("3.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("field")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "hincrby",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Increment the integer value of a hash field by the given number"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("field")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("increment")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "hincrbyfloat",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Increment the float value of a hash field by the given amount"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.6.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("field")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("increment")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "hrandfield",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get one or multiple random fields from a hash"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of fields returned"),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("options")),
                        (Doc::Bulk("type"), Doc::Bulk("block")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("count")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("withvalues")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("WITHVALUES")),
                                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "hscan",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Incrementally iterate hash fields and associated values"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.8.0")),
            (Doc::Bulk("group"), Doc::Bulk("hash")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("cursor")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("pattern")),
                        (Doc::Bulk("type"), Doc::Bulk("pattern")),
                        (Doc::Bulk("token"), Doc::Bulk("MATCH")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("COUNT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "lpush",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Prepend one or multiple elements to a list"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
                ),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("2.4.0"),
                    Doc::Bulk("Accepts multiple `element` arguments."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("element")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "rpush",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Append one or multiple elements to a list"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
                ),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("2.4.0"),
                    Doc::Bulk("Accepts multiple `element` arguments."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("element")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "lpushx",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Prepend an element to a list, only if the list exists"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
                ),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("4.0.0"),
                    Doc::Bulk("Accepts multiple `element` arguments."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("element")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "rpushx",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Append an element to a list, only if the list exists"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
                ),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("4.0.0"),
                    Doc::Bulk("Accepts multiple `element` arguments."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("element")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "lpop",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Remove and get the first elements in a list"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of elements returned"),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("6.2.0"),
                    Doc::Bulk("Added the `count` argument."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "rpop",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Remove and get the last elements in a list"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of elements returned"),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("6.2.0"),
                    Doc::Bulk("Added the `count` argument."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "llen",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Get the length of a list")),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "lrange",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get a range of elements from a list"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("start")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("stop")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "lindex",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get an element from a list by its index"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("index")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "lset",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Set the value of an element in a list by its index"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("index")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("element")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "lrem",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Remove elements from a list"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N+M) where N is the length of the list and M is the number of elements removed.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("element")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "ltrim",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Trim a list to the specified range"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of elements to be removed by the operation."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("start")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("stop")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "linsert",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Insert an element before or after another element in a list"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("where")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("before")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("BEFORE")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("after")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("AFTER")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("pivot")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("element")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "lpos",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Return the index of matching elements on a list"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("6.0.6")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("element")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("rank")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("RANK")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("num-matches")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("COUNT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("len")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("MAXLEN")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "lmove",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Pop an element from a list, push it to another list and return it"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("source")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("destination")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("wherefrom")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("left")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("LEFT")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("right")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("RIGHT")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("whereto")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("left")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("LEFT")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("right")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("RIGHT")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "lmpop",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Pop elements from a list")),
            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N+M) where N is the number of provided keys and M is the number of elements returned.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("numkeys")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("where")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("left")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("LEFT")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("right")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("RIGHT")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("COUNT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "blpop",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Remove and get the first element in a list, or block until one is available",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of provided keys."),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("6.0.0"),
                    Doc::Bulk("`timeout` is interpreted as a double instead of an integer."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("timeout")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "brpop",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Remove and get the last element in a list, or block until one is available",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of provided keys."),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("6.0.0"),
                    Doc::Bulk("`timeout` is interpreted as a double instead of an integer."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("timeout")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "blmove",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Pop an element from a list, push it to another list and return it; or block until one is available",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("source")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("destination")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("wherefrom")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("left")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("LEFT")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("right")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("RIGHT")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("whereto")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("left")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("LEFT")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("right")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("RIGHT")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("timeout")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "blmpop",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Pop elements from a list, or block until one is available"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N+M) where N is the number of provided keys and M is the number of elements returned.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("timeout")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("numkeys")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("where")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("left")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("LEFT")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("right")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("RIGHT")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("COUNT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "sadd",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Add one or more members to a set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.",
                ),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("2.4.0"),
                    Doc::Bulk("Accepts multiple `member` arguments."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("member")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "srem",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Remove one or more members from a set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of members to be removed."),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("2.4.0"),
                    Doc::Bulk("Accepts multiple `member` arguments."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("member")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "smembers",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get all the members in a set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the set cardinality."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "sismember",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Determine if a given value is a member of a set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("member")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "smismember",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Returns the membership associated with the given elements for a set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of elements being checked for membership"),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("member")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "scard",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the number of members in a set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "spop",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Remove and return one or multiple random members from a set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "Without the count argument O(1), otherwise O(N) where N is the value of the passed count.",
                ),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("3.2.0"),
                    Doc::Bulk("Added the `count` argument."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("since"), Doc::Bulk("3.2.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "srandmember",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get one or multiple random members from a set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.",
                ),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("2.6.0"),
                    Doc::Bulk("Added the optional `count` argument."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("since"), Doc::Bulk("2.6.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "smove",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Move a member from one set to another"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("source")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("destination")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("member")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "sinter",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Intersect multiple sets")),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                ])]),
            ),
        ]),
    ),
    (
        "sunion",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Add multiple sets")),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the total number of elements in all given sets."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                ])]),
            ),
        ]),
    ),
    (
        "sdiff",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Subtract multiple sets")),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the total number of elements in all given sets."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                ])]),
            ),
        ]),
    ),
    (
        "sscan",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Incrementally iterate Set elements"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.8.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("cursor")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("pattern")),
                        (Doc::Bulk("type"), Doc::Bulk("pattern")),
                        (Doc::Bulk("token"), Doc::Bulk("MATCH")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("COUNT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "subscribe",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Listen for messages published to the given channels"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("pubsub")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of channels to subscribe to."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("channel")),
                    (Doc::Bulk("type"), Doc::Bulk("string")),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                ])]),
            ),
        ]),
    ),
    (
        "psubscribe",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Listen for messages published to channels matching the given patterns"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("pubsub")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N) where N is the number of patterns the client is already subscribed to.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("pattern")),
                    (Doc::Bulk("type"), Doc::Bulk("block")),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    (
                        Doc::Bulk("arguments"),
                        Doc::Array(&[Doc::Map(&[
                            (Doc::Bulk("name"), Doc::Bulk("pattern")),
                            (Doc::Bulk("type"), Doc::Bulk("pattern")),
                        ])]),
                    ),
                ])]),
            ),
        ]),
    ),
    (
        "unsubscribe",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Stop listening for messages posted to the given channels"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("pubsub")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of clients already subscribed to a channel."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("channel")),
                    (Doc::Bulk("type"), Doc::Bulk("string")),
                    (
                        Doc::Bulk("flags"),
                        Doc::Set(&[Doc::Simple("optional"), Doc::Simple("multiple")]),
                    ),
                ])]),
            ),
        ]),
    ),
    (
        "punsubscribe",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Stop listening for messages posted to channels matching the given patterns",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("pubsub")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("pattern")),
                    (Doc::Bulk("type"), Doc::Bulk("pattern")),
                    (
                        Doc::Bulk("flags"),
                        Doc::Set(&[Doc::Simple("optional"), Doc::Simple("multiple")]),
                    ),
                ])]),
            ),
        ]),
    ),
    (
        "publish",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Post a message to a channel"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("pubsub")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("channel")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("message")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "pubsub",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("A container for Pub/Sub commands"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.8.0")),
            (Doc::Bulk("group"), Doc::Bulk("pubsub")),
            (Doc::Bulk("complexity"), Doc::Bulk("Depends on subcommand.")),
            (
                Doc::Bulk("subcommands"),
                Doc::Map(&[
                    (
                        Doc::Bulk("pubsub|numpat"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Get the count of unique patterns pattern subscriptions"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.8.0")),
                            (Doc::Bulk("group"), Doc::Bulk("pubsub")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                    (
                        Doc::Bulk("pubsub|help"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Show helpful text about the different subcommands"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                            (Doc::Bulk("group"), Doc::Bulk("pubsub")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                    (
                        Doc::Bulk("pubsub|numsub"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Get the count of subscribers for channels"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.8.0")),
                            (Doc::Bulk("group"), Doc::Bulk("pubsub")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk(
                                    "O(N) for the NUMSUB subcommand, where N is the number of requested channels",
                                ),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("channel")),
                                    (Doc::Bulk("type"), Doc::Bulk("string")),
                                    (
                                        Doc::Bulk("flags"),
                                        Doc::Set(&[
                                            Doc::Simple("optional"),
                                            Doc::Simple("multiple"),
                                        ]),
                                    ),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("pubsub|shardnumsub"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Get the count of subscribers for shard channels"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("pubsub")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk(
                                    "O(N) for the SHARDNUMSUB subcommand, where N is the number of requested shard channels",
                                ),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("shardchannel")),
                                    (Doc::Bulk("type"), Doc::Bulk("string")),
                                    (
                                        Doc::Bulk("flags"),
                                        Doc::Set(&[
                                            Doc::Simple("optional"),
                                            Doc::Simple("multiple"),
                                        ]),
                                    ),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("pubsub|shardchannels"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("List active shard channels"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("pubsub")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk(
                                    "O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).",
                                ),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("pattern")),
                                    (Doc::Bulk("type"), Doc::Bulk("pattern")),
                                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("pubsub|channels"),
                        Doc::Map(&[
                            (Doc::Bulk("summary"), Doc::Bulk("List active channels")),
                            (Doc::Bulk("since"), Doc::Bulk("2.8.0")),
                            (Doc::Bulk("group"), Doc::Bulk("pubsub")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk(
                                    "O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)",
                                ),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("pattern")),
                                    (Doc::Bulk("type"), Doc::Bulk("pattern")),
                                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                ])]),
                            ),
                        ]),
                    ),
                ]),
            ),
        ]),
    ),
    (
        "zadd",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Add one or more members to a sorted set, or update its score if it already exists",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
                ),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[
                    Doc::Array(&[Doc::Bulk("2.4.0"), Doc::Bulk("Accepts multiple elements.")]),
                    Doc::Array(&[
                        Doc::Bulk("3.0.2"),
                        Doc::Bulk("Added the `XX`, `NX`, `CH` and `INCR` options."),
                    ]),
                    Doc::Array(&[
                        Doc::Bulk("6.2.0"),
                        Doc::Bulk("Added the `GT` and `LT` options."),
                    ]),
                ]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("condition")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("since"), Doc::Bulk("3.0.2")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("nx")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("NX")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("xx")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("XX")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("comparison")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("gt")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("GT")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("lt")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("LT")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("change")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("CH")),
                        (Doc::Bulk("since"), Doc::Bulk("3.0.2")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("increment")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("INCR")),
                        (Doc::Bulk("since"), Doc::Bulk("3.0.2")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("score_member")),
                        (Doc::Bulk("type"), Doc::Bulk("block")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("score")),
                                    (Doc::Bulk("type"), Doc::Bulk("double")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("member")),
                                    (Doc::Bulk("type"), Doc::Bulk("string")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zincrby",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Increment the score of a member in a sorted set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(log(N)) where N is the number of elements in the sorted set."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("increment")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("member")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zrem",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Remove one or more members from a sorted set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.",
                ),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("2.4.0"),
                    Doc::Bulk("Accepts multiple elements."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("member")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zscore",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the score associated with the given member in a sorted set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("member")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zmscore",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the score associated with the given members in a sorted set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of members being requested."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("member")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zcard",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the number of members in a sorted set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "zcount",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Count the members in a sorted set with scores within the given values"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(log(N)) with N being the number of elements in the sorted set."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("min")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("max")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zlexcount",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Count the number of members in a sorted set between a given lexicographical range",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.8.9")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(log(N)) with N being the number of elements in the sorted set."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("min")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("max")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zrange",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Return a range of members in a sorted set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.",
                ),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("6.2.0"),
                    Doc::Bulk("Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("start")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("stop")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("sortby")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("byscore")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("BYSCORE")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("bylex")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("BYLEX")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("rev")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("REV")),
                        (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("offset_count")),
                        (Doc::Bulk("type"), Doc::Bulk("block")),
                        (Doc::Bulk("token"), Doc::Bulk("LIMIT")),
                        (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("offset")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("count")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("withscores")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("WITHSCORES")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zrangebyscore",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Return a range of members in a sorted set, by score"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.5")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
                ),
            ),
            (
                Doc::Bulk("doc_flags"),
                Doc::Set(&[Doc::Simple("deprecated")]),
            ),
            (Doc::Bulk("deprecated_since"), Doc::Bulk("6.2.0")),
            (
                Doc::Bulk("replaced_by"),
                Doc::Bulk("`ZRANGE` with the `BYSCORE` argument"),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("2.0.0"),
                    Doc::Bulk("Added the `WITHSCORES` modifier."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("min")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("max")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("withscores")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("WITHSCORES")),
                        (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("offset_count")),
                        (Doc::Bulk("type"), Doc::Bulk("block")),
                        (Doc::Bulk("token"), Doc::Bulk("LIMIT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("offset")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("count")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zrangebylex",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Return a range of members in a sorted set, by lexicographical range"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.8.9")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
                ),
            ),
            (
                Doc::Bulk("doc_flags"),
                Doc::Set(&[Doc::Simple("deprecated")]),
            ),
            (Doc::Bulk("deprecated_since"), Doc::Bulk("6.2.0")),
            (
                Doc::Bulk("replaced_by"),
                Doc::Bulk("`ZRANGE` with the `BYLEX` argument"),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("min")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("max")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("offset_count")),
                        (Doc::Bulk("type"), Doc::Bulk("block")),
                        (Doc::Bulk("token"), Doc::Bulk("LIMIT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("offset")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("count")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zrevrangebylex",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.8.9")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
                ),
            ),
            (
                Doc::Bulk("doc_flags"),
                Doc::Set(&[Doc::Simple("deprecated")]),
            ),
            (Doc::Bulk("deprecated_since"), Doc::Bulk("6.2.0")),
            (
                Doc::Bulk("replaced_by"),
                Doc::Bulk("`ZRANGE` with the `REV` and `BYLEX` arguments"),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("max")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("min")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("offset_count")),
                        (Doc::Bulk("type"), Doc::Bulk("block")),
                        (Doc::Bulk("token"), Doc::Bulk("LIMIT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("offset")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("count")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zrevrange",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Return a range of members in a sorted set, by index, with scores ordered from high to low",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.",
                ),
            ),
            (
                Doc::Bulk("doc_flags"),
                Doc::Set(&[Doc::Simple("deprecated")]),
            ),
            (Doc::Bulk("deprecated_since"), Doc::Bulk("6.2.0")),
            (
                Doc::Bulk("replaced_by"),
                Doc::Bulk("`ZRANGE` with the `REV` argument"),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("start")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("stop")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("withscores")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("WITHSCORES")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zrank",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Determine the index of a member in a sorted set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(log(N))")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("member")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zrevrank",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Determine the index of a member in a sorted set, with scores ordered from high to low",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(log(N))")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("member")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zpopmin",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Remove and return members with the lowest scores in a sorted set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("5.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zpopmax",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Remove and return members with the highest scores in a sorted set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("5.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zmpop",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Remove and return members with scores in a sorted set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("numkeys")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("where")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("min")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("MIN")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("max")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("MAX")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("COUNT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zremrangebyrank",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Remove all members in a sorted set within the given indexes"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("start")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("stop")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zremrangebyscore",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Remove all members in a sorted set within the given scores"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("min")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("max")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zremrangebylex",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Remove all members in a sorted set between the given lexicographical range",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.8.9")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("min")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("max")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zunion",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Add multiple sorted sets")),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("numkeys")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("weight")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("WEIGHTS")),
                        (
                            Doc::Bulk("flags"),
                            Doc::Set(&[Doc::Simple("optional"), Doc::Simple("multiple")]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("aggregate")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("token"), Doc::Bulk("AGGREGATE")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("sum")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("SUM")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("min")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("MIN")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("max")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("MAX")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("withscores")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("WITHSCORES")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zinter",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Intersect multiple sorted sets"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("numkeys")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("weight")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("WEIGHTS")),
                        (
                            Doc::Bulk("flags"),
                            Doc::Set(&[Doc::Simple("optional"), Doc::Simple("multiple")]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("aggregate")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("token"), Doc::Bulk("AGGREGATE")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("sum")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("SUM")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("min")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("MIN")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("max")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("MAX")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("withscores")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("WITHSCORES")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zdiff",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Subtract multiple sorted sets"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("numkeys")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("withscores")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("WITHSCORES")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zdiffstore",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Subtract multiple sorted sets and store the resulting sorted set in a new key",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("destination")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("numkeys")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zrandmember",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get one or multiple random elements from a sorted set"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of elements returned"),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("options")),
                        (Doc::Bulk("type"), Doc::Bulk("block")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("count")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("withscores")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("WITHSCORES")),
                                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zscan",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Incrementally iterate sorted sets elements and associated scores"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.8.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("cursor")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("pattern")),
                        (Doc::Bulk("type"), Doc::Bulk("pattern")),
                        (Doc::Bulk("token"), Doc::Bulk("MATCH")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("COUNT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "bzpopmin",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("5.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(log(N)) with N being the number of elements in the sorted set."),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("6.0.0"),
                    Doc::Bulk("`timeout` is interpreted as a double instead of an integer."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("timeout")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "bzpopmax",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Remove and return the member with the highest score from one or more sorted sets, or block until one is available",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("5.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(log(N)) with N being the number of elements in the sorted set."),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("6.0.0"),
                    Doc::Bulk("`timeout` is interpreted as a double instead of an integer."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("timeout")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "bzmpop",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Remove and return members with scores in a sorted set or block until one is available",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("timeout")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("numkeys")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("where")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("min")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("MIN")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("max")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("MAX")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("COUNT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "del",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Delete a key")),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N) where N is the number of keys that will be removed. When a key to remove holds a value other than a string, the individual complexity for this key is O(M) where M is the number of elements in the list, set, sorted set or hash. Removing a single key that holds a string value is O(1).",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                ])]),
            ),
        ]),
    ),
    (
        "unlink",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("4.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(1) for each key removed regardless of its size. Then the command does O(N) work in a different thread in order to reclaim memory, where N is the number of allocations the deleted objects where composed of.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                ])]),
            ),
        ]),
    ),
    (
        "exists",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Determine if a key exists")),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of keys to check."),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("3.0.3"),
                    Doc::Bulk("Accepts multiple `key` arguments."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                ])]),
            ),
        ]),
    ),
    (
        "type",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Determine the type stored at key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "keys",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Find all keys matching the given pattern"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N) with N being the number of keys in the database, under the assumption that the key names in the database and the given pattern have limited length.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("pattern")),
                    (Doc::Bulk("type"), Doc::Bulk("pattern")),
                ])]),
            ),
        ]),
    ),
    (
        "scan",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Incrementally iterate the keys space"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.8.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.",
                ),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("6.0.0"),
                    Doc::Bulk("Added the `TYPE` subcommand."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("cursor")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("pattern")),
                        (Doc::Bulk("type"), Doc::Bulk("pattern")),
                        (Doc::Bulk("token"), Doc::Bulk("MATCH")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("count")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("COUNT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("type")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                        (Doc::Bulk("token"), Doc::Bulk("TYPE")),
                        (Doc::Bulk("since"), Doc::Bulk("6.0.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "randomkey",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Return a random key from the keyspace"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
        ]),
    ),
    (
        "rename",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Rename a key")),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("newkey")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "copy",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Copy a key")),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N) worst case for collections, where N is the number of nested items. O(1) for string values.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("source")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("destination")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("destination-db")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("DB")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("replace")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("REPLACE")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "object",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("A container for object introspection commands"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.2.3")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (Doc::Bulk("complexity"), Doc::Bulk("Depends on subcommand.")),
            (
                Doc::Bulk("subcommands"),
                Doc::Map(&[
                    (
                        Doc::Bulk("object|freq"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk(
                                    "Get the logarithmic access frequency counter of a Redis object",
                                ),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("4.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("generic")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("key")),
                                    (Doc::Bulk("type"), Doc::Bulk("key")),
                                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("object|encoding"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Inspect the internal encoding of a Redis object"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.2.3")),
                            (Doc::Bulk("group"), Doc::Bulk("generic")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("key")),
                                    (Doc::Bulk("type"), Doc::Bulk("key")),
                                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("object|help"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Show helpful text about the different subcommands"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                            (Doc::Bulk("group"), Doc::Bulk("generic")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                    (
                        Doc::Bulk("object|idletime"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Get the time since a Redis object was last accessed"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.2.3")),
                            (Doc::Bulk("group"), Doc::Bulk("generic")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("key")),
                                    (Doc::Bulk("type"), Doc::Bulk("key")),
                                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("object|refcount"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Get the number of references to the value of the key"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.2.3")),
                            (Doc::Bulk("group"), Doc::Bulk("generic")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("key")),
                                    (Doc::Bulk("type"), Doc::Bulk("key")),
                                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                                ])]),
                            ),
                        ]),
                    ),
                ]),
            ),
        ]),
    ),
    (
        "memory",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("A container for memory diagnostics commands"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("4.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("server")),
            (Doc::Bulk("complexity"), Doc::Bulk("Depends on subcommand.")),
            (
                Doc::Bulk("subcommands"),
                Doc::Map(&[
                    (
                        Doc::Bulk("memory|doctor"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Outputs memory problems report"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("4.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                    (
                        Doc::Bulk("memory|malloc-stats"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Show allocator internal stats"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("4.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk("Depends on how much memory is allocated, could be slow"),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("memory|purge"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Ask the allocator to release memory"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("4.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk("Depends on how much memory is allocated, could be slow"),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("memory|usage"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Estimate the memory usage of a key"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("4.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk("O(N) where N is the number of samples."),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[
                                    Doc::Map(&[
                                        (Doc::Bulk("name"), Doc::Bulk("key")),
                                        (Doc::Bulk("type"), Doc::Bulk("key")),
                                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                                    ]),
                                    Doc::Map(&[
                                        (Doc::Bulk("name"), Doc::Bulk("count")),
                                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                                        (Doc::Bulk("token"), Doc::Bulk("SAMPLES")),
                                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                    ]),
                                ]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("memory|help"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Show helpful text about the different subcommands"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("4.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                    (
                        Doc::Bulk("memory|stats"),
                        Doc::Map(&[
                            (Doc::Bulk("summary"), Doc::Bulk("Show memory usage details")),
                            (Doc::Bulk("since"), Doc::Bulk("4.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                ]),
            ),
        ]),
    ),
    (
        "touch",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Alters the last access time of a key(s). Returns the number of existing keys specified.",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("3.2.1")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of keys that will be touched."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                ])]),
            ),
        ]),
    ),
    (
        "expire",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Set a key's time to live in seconds"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("7.0.0"),
                    Doc::Bulk("Added options: `NX`, `XX`, `GT` and `LT`."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("seconds")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("condition")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("nx")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("NX")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("xx")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("XX")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("gt")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("GT")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("lt")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("LT")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "pexpire",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Set a key's time to live in milliseconds"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.6.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("7.0.0"),
                    Doc::Bulk("Added options: `NX`, `XX`, `GT` and `LT`."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("milliseconds")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("condition")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("nx")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("NX")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("xx")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("XX")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("gt")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("GT")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("lt")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("LT")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "expireat",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Set the expiration for a key as a UNIX timestamp"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("7.0.0"),
                    Doc::Bulk("Added options: `NX`, `XX`, `GT` and `LT`."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("unix-time-seconds")),
                        (Doc::Bulk("type"), Doc::Bulk("unix-time")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("condition")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("nx")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("NX")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("xx")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("XX")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("gt")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("GT")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("lt")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("LT")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "pexpireat",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Set the expiration for a key as a UNIX timestamp specified in milliseconds",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.6.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("7.0.0"),
                    Doc::Bulk("Added options: `NX`, `XX`, `GT` and `LT`."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("unix-time-milliseconds")),
                        (Doc::Bulk("type"), Doc::Bulk("unix-time")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("condition")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("nx")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("NX")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("xx")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("XX")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("gt")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("GT")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("lt")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("LT")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "ttl",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the time to live for a key in seconds"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("2.8.0"),
                    Doc::Bulk("Added the -2 reply."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "pttl",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the time to live for a key in milliseconds"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.6.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("2.8.0"),
                    Doc::Bulk("Added the -2 reply."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "expiretime",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the expiration Unix timestamp for a key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "persist",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Remove the expiration from a key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "ping",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Ping the server")),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("connection")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("message")),
                    (Doc::Bulk("type"), Doc::Bulk("string")),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                ])]),
            ),
        ]),
    ),
    (
        "echo",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Echo the given string")),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("connection")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("message")),
                    (Doc::Bulk("type"), Doc::Bulk("string")),
                ])]),
            ),
        ]),
    ),
    (
        "select",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Change the selected database for the current connection"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("connection")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("index")),
                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                ])]),
            ),
        ]),
    ),
    (
        "client",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("A container for client connection commands"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.4.0")),
            (Doc::Bulk("group"), Doc::Bulk("connection")),
            (Doc::Bulk("complexity"), Doc::Bulk("Depends on subcommand.")),
            (
                Doc::Bulk("subcommands"),
                Doc::Map(&[
                    (
                        Doc::Bulk("client|reply"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Instruct the server whether to reply to commands"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("3.2.0")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("on_off_skip")),
                                    (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                    (
                                        Doc::Bulk("arguments"),
                                        Doc::Array(&[
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("on")),
                                                (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                (Doc::Bulk("token"), Doc::Bulk("ON")),
                                            ]),
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("off")),
                                                (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                (Doc::Bulk("token"), Doc::Bulk("OFF")),
                                            ]),
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("skip")),
                                                (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                (Doc::Bulk("token"), Doc::Bulk("SKIP")),
                                            ]),
                                        ]),
                                    ),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|info"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk(
                                    "Returns information about the current client connection.",
                                ),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|setname"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Set the current connection name"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.6.9")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("connection-name")),
                                    (Doc::Bulk("type"), Doc::Bulk("string")),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|list"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Get the list of client connections"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.4.0")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk("O(N) where N is the number of client connections"),
                            ),
                            (
                                Doc::Bulk("history"),
                                Doc::Set(&[
                                    Doc::Array(&[
                                        Doc::Bulk("2.8.12"),
                                        Doc::Bulk("Added unique client `id` field."),
                                    ]),
                                    Doc::Array(&[
                                        Doc::Bulk("5.0.0"),
                                        Doc::Bulk("Added optional `TYPE` filter."),
                                    ]),
                                    Doc::Array(&[
                                        Doc::Bulk("6.0.0"),
                                        Doc::Bulk("Added `user` field."),
                                    ]),
                                    Doc::Array(&[
                                        Doc::Bulk("6.2.0"),
                                        Doc::Bulk(
                                            "Added `argv-mem`, `tot-mem`, `laddr` and `redir` fields and the optional `ID` filter.",
                                        ),
                                    ]),
                                    Doc::Array(&[
                                        Doc::Bulk("7.0.0"),
                                        Doc::Bulk(
                                            "Added `resp`, `multi-mem`, `rbs` and `rbp` fields.",
                                        ),
                                    ]),
                                    Doc::Array(&[
                                        Doc::Bulk("7.0.3"),
                                        Doc::Bulk("Added `ssub` field."),
                                    ]),
                                ]),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[
                                    Doc::Map(&[
                                        (
                                            Doc::Bulk("name"),
                                            Doc::Bulk("normal_master_replica_pubsub"),
                                        ),
                                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                        (Doc::Bulk("token"), Doc::Bulk("TYPE")),
                                        (Doc::Bulk("since"), Doc::Bulk("5.0.0")),
                                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                        (
                                            Doc::Bulk("arguments"),
                                            Doc::Array(&[
                                                Doc::Map(&[
                                                    (Doc::Bulk("name"), Doc::Bulk("normal")),
                                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                    (Doc::Bulk("token"), Doc::Bulk("NORMAL")),
                                                ]),
                                                Doc::Map(&[
                                                    (Doc::Bulk("name"), Doc::Bulk("master")),
                                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                    (Doc::Bulk("token"), Doc::Bulk("MASTER")),
                                                ]),
                                                Doc::Map(&[
                                                    (Doc::Bulk("name"), Doc::Bulk("replica")),
                                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                    (Doc::Bulk("token"), Doc::Bulk("REPLICA")),
                                                ]),
                                                Doc::Map(&[
                                                    (Doc::Bulk("name"), Doc::Bulk("pubsub")),
                                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                    (Doc::Bulk("token"), Doc::Bulk("PUBSUB")),
                                                ]),
                                            ]),
                                        ),
                                    ]),
                                    Doc::Map(&[
                                        (Doc::Bulk("name"), Doc::Bulk("id")),
                                        (Doc::Bulk("type"), Doc::Bulk("block")),
                                        (Doc::Bulk("token"), Doc::Bulk("ID")),
                                        (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                        (
                                            Doc::Bulk("arguments"),
                                            Doc::Array(&[Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("client-id")),
                                                (Doc::Bulk("type"), Doc::Bulk("integer")),
                                                (
                                                    Doc::Bulk("flags"),
                                                    Doc::Set(&[Doc::Simple("multiple")]),
                                                ),
                                            ])]),
                                        ),
                                    ]),
                                ]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|help"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Show helpful text about the different subcommands"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("5.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|getname"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Get the current connection name"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.6.9")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|unblock"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk(
                                    "Unblock a client blocked in a blocking command from a different connection",
                                ),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("5.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk("O(log N) where N is the number of client connections"),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[
                                    Doc::Map(&[
                                        (Doc::Bulk("name"), Doc::Bulk("client-id")),
                                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                                    ]),
                                    Doc::Map(&[
                                        (Doc::Bulk("name"), Doc::Bulk("timeout_error")),
                                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                        (
                                            Doc::Bulk("arguments"),
                                            Doc::Array(&[
                                                Doc::Map(&[
                                                    (Doc::Bulk("name"), Doc::Bulk("timeout")),
                                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                    (Doc::Bulk("token"), Doc::Bulk("TIMEOUT")),
                                                ]),
                                                Doc::Map(&[
                                                    (Doc::Bulk("name"), Doc::Bulk("error")),
                                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                    (Doc::Bulk("token"), Doc::Bulk("ERROR")),
                                                ]),
                                            ]),
                                        ),
                                    ]),
                                ]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|unpause"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Resume processing of clients that were paused"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk("O(N) Where N is the number of paused clients"),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|getredir"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk(
                                    "Get tracking notifications redirection client ID if any",
                                ),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("6.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|pause"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Stop processing commands from clients for some time"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.9.50")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                            (
                                Doc::Bulk("history"),
                                Doc::Set(&[Doc::Array(&[
                                    Doc::Bulk("6.2.0"),
                                    Doc::Bulk(
                                        "`CLIENT PAUSE WRITE` mode added along with the `mode` option.",
                                    ),
                                ])]),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[
                                    Doc::Map(&[
                                        (Doc::Bulk("name"), Doc::Bulk("timeout")),
                                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                                    ]),
                                    Doc::Map(&[
                                        (Doc::Bulk("name"), Doc::Bulk("mode")),
                                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                        (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                        (
                                            Doc::Bulk("arguments"),
                                            Doc::Array(&[
                                                Doc::Map(&[
                                                    (Doc::Bulk("name"), Doc::Bulk("write")),
                                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                    (Doc::Bulk("token"), Doc::Bulk("WRITE")),
                                                ]),
                                                Doc::Map(&[
                                                    (Doc::Bulk("name"), Doc::Bulk("all")),
                                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                    (Doc::Bulk("token"), Doc::Bulk("ALL")),
                                                ]),
                                            ]),
                                        ),
                                    ]),
                                ]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|kill"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Kill the connection of a client"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.4.0")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk("O(N) where N is the number of client connections"),
                            ),
                            (
                                Doc::Bulk("history"),
                                Doc::Set(&[
                                    Doc::Array(&[
                                        Doc::Bulk("2.8.12"),
                                        Doc::Bulk("Added new filter format."),
                                    ]),
                                    Doc::Array(&[Doc::Bulk("2.8.12"), Doc::Bulk("`ID` option.")]),
                                    Doc::Array(&[
                                        Doc::Bulk("3.2.0"),
                                        Doc::Bulk("Added `master` type in for `TYPE` option."),
                                    ]),
                                    Doc::Array(&[
                                        Doc::Bulk("5.0.0"),
                                        Doc::Bulk(
                                            "Replaced `slave` `TYPE` with `replica`. `slave` still supported for backward compatibility.",
                                        ),
                                    ]),
                                    Doc::Array(&[Doc::Bulk("6.2.0"), Doc::Bulk("`LADDR` option.")]),
                                ]),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("filter")),
                                    (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                    (
                                        Doc::Bulk("arguments"),
                                        Doc::Array(&[
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("ip:port")),
                                                (Doc::Bulk("type"), Doc::Bulk("string")),
                                                (
                                                    Doc::Bulk("deprecated_since"),
                                                    Doc::Bulk("2.8.12"),
                                                ),
                                            ]),
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("new-format")),
                                                (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                                (
                                                    Doc::Bulk("flags"),
                                                    Doc::Set(&[Doc::Simple("multiple")]),
                                                ),
                                                (
                                                    Doc::Bulk("arguments"),
                                                    Doc::Array(&[
                                                        Doc::Map(&[
                                                            (
                                                                Doc::Bulk("name"),
                                                                Doc::Bulk("client-id"),
                                                            ),
                                                            (
                                                                Doc::Bulk("type"),
                                                                Doc::Bulk("integer"),
                                                            ),
                                                            (Doc::Bulk("token"), Doc::Bulk("ID")),
                                                            (
                                                                Doc::Bulk("since"),
                                                                Doc::Bulk("2.8.12"),
                                                            ),
                                                            (
                                                                Doc::Bulk("flags"),
                                                                Doc::Set(&[Doc::Simple(
                                                                    "optional",
                                                                )]),
                                                            ),
                                                        ]),
                                                        Doc::Map(&[
                                                            (
                                                                Doc::Bulk("name"),
                                                                Doc::Bulk(
                                                                    "normal_master_slave_pubsub",
                                                                ),
                                                            ),
                                                            (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                                            (Doc::Bulk("token"), Doc::Bulk("TYPE")),
                                                            (
                                                                Doc::Bulk("since"),
                                                                Doc::Bulk("2.8.12"),
                                                            ),
                                                            (
                                                                Doc::Bulk("flags"),
                                                                Doc::Set(&[Doc::Simple(
                                                                    "optional",
                                                                )]),
                                                            ),
                                                            (
                                                                Doc::Bulk("arguments"),
                                                                Doc::Array(&[
                                                                    Doc::Map(&[
                                                                        (
                                                                            Doc::Bulk("name"),
                                                                            Doc::Bulk("normal"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("type"),
                                                                            Doc::Bulk("pure-token"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("token"),
                                                                            Doc::Bulk("NORMAL"),
                                                                        ),
                                                                    ]),
                                                                    Doc::Map(&[
                                                                        (
                                                                            Doc::Bulk("name"),
                                                                            Doc::Bulk("master"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("type"),
                                                                            Doc::Bulk("pure-token"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("token"),
                                                                            Doc::Bulk("MASTER"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("since"),
                                                                            Doc::Bulk("3.2.0"),
                                                                        ),
                                                                    ]),
                                                                    Doc::Map(&[
                                                                        (
                                                                            Doc::Bulk("name"),
                                                                            Doc::Bulk("slave"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("type"),
                                                                            Doc::Bulk("pure-token"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("token"),
                                                                            Doc::Bulk("SLAVE"),
                                                                        ),
                                                                    ]),
                                                                    Doc::Map(&[
                                                                        (
                                                                            Doc::Bulk("name"),
                                                                            Doc::Bulk("replica"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("type"),
                                                                            Doc::Bulk("pure-token"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("token"),
                                                                            Doc::Bulk("REPLICA"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("since"),
                                                                            Doc::Bulk("5.0.0"),
                                                                        ),
                                                                    ]),
                                                                    Doc::Map(&[
                                                                        (
                                                                            Doc::Bulk("name"),
                                                                            Doc::Bulk("pubsub"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("type"),
                                                                            Doc::Bulk("pure-token"),
                                                                        ),
                                                                        (
                                                                            Doc::Bulk("token"),
                                                                            Doc::Bulk("PUBSUB"),
                                                                        ),
                                                                    ]),
                                                                ]),
                                                            ),
                                                        ]),
                                                        Doc::Map(&[
                                                            (
                                                                Doc::Bulk("name"),
                                                                Doc::Bulk("username"),
                                                            ),
                                                            (
                                                                Doc::Bulk("type"),
                                                                Doc::Bulk("string"),
                                                            ),
                                                            (Doc::Bulk("token"), Doc::Bulk("USER")),
                                                            (
                                                                Doc::Bulk("flags"),
                                                                Doc::Set(&[Doc::Simple(
                                                                    "optional",
                                                                )]),
                                                            ),
                                                        ]),
                                                        Doc::Map(&[
                                                            (
                                                                Doc::Bulk("name"),
                                                                Doc::Bulk("ip:port"),
                                                            ),
                                                            (
                                                                Doc::Bulk("type"),
                                                                Doc::Bulk("string"),
                                                            ),
                                                            (Doc::Bulk("token"), Doc::Bulk("ADDR")),
                                                            (
                                                                Doc::Bulk("flags"),
                                                                Doc::Set(&[Doc::Simple(
                                                                    "optional",
                                                                )]),
                                                            ),
                                                        ]),
                                                        Doc::Map(&[
                                                            (
                                                                Doc::Bulk("name"),
                                                                Doc::Bulk("ip:port"),
                                                            ),
                                                            (
                                                                Doc::Bulk("type"),
                                                                Doc::Bulk("string"),
                                                            ),
                                                            (
                                                                Doc::Bulk("token"),
                                                                Doc::Bulk("LADDR"),
                                                            ),
                                                            (
                                                                Doc::Bulk("since"),
                                                                Doc::Bulk("6.2.0"),
                                                            ),
                                                            (
                                                                Doc::Bulk("flags"),
                                                                Doc::Set(&[Doc::Simple(
                                                                    "optional",
                                                                )]),
                                                            ),
                                                        ]),
                                                        Doc::Map(&[
                                                            (
                                                                Doc::Bulk("name"),
                                                                Doc::Bulk("yes/no"),
                                                            ),
                                                            (
                                                                Doc::Bulk("type"),
                                                                Doc::Bulk("string"),
                                                            ),
                                                            (
                                                                Doc::Bulk("token"),
                                                                Doc::Bulk("SKIPME"),
                                                            ),
                                                            (
                                                                Doc::Bulk("flags"),
                                                                Doc::Set(&[Doc::Simple(
                                                                    "optional",
                                                                )]),
                                                            ),
                                                        ]),
                                                    ]),
                                                ),
                                            ]),
                                        ]),
                                    ),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|no-evict"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Set client eviction mode for the current connection"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("enabled")),
                                    (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                    (
                                        Doc::Bulk("arguments"),
                                        Doc::Array(&[
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("on")),
                                                (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                (Doc::Bulk("token"), Doc::Bulk("ON")),
                                            ]),
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("off")),
                                                (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                (Doc::Bulk("token"), Doc::Bulk("OFF")),
                                            ]),
                                        ]),
                                    ),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|caching"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk(
                                    "Instruct the server about tracking or not keys in the next request",
                                ),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("6.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("mode")),
                                    (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                    (
                                        Doc::Bulk("arguments"),
                                        Doc::Array(&[
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("yes")),
                                                (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                (Doc::Bulk("token"), Doc::Bulk("YES")),
                                            ]),
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("no")),
                                                (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                (Doc::Bulk("token"), Doc::Bulk("NO")),
                                            ]),
                                        ]),
                                    ),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|id"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Returns the client ID for the current connection"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("5.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|tracking"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk(
                                    "Enable or disable server assisted client side caching support",
                                ),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("6.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk(
                                    "O(1). Some options may introduce additional complexity.",
                                ),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[
                                    Doc::Map(&[
                                        (Doc::Bulk("name"), Doc::Bulk("status")),
                                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                        (
                                            Doc::Bulk("arguments"),
                                            Doc::Array(&[
                                                Doc::Map(&[
                                                    (Doc::Bulk("name"), Doc::Bulk("on")),
                                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                    (Doc::Bulk("token"), Doc::Bulk("ON")),
                                                ]),
                                                Doc::Map(&[
                                                    (Doc::Bulk("name"), Doc::Bulk("off")),
                                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                                    (Doc::Bulk("token"), Doc::Bulk("OFF")),
                                                ]),
                                            ]),
                                        ),
                                    ]),
                                    Doc::Map(&[
                                        (Doc::Bulk("name"), Doc::Bulk("client-id")),
                                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                                        (Doc::Bulk("token"), Doc::Bulk("REDIRECT")),
                                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                    ]),
                                    Doc::Map(&[
                                        (Doc::Bulk("name"), Doc::Bulk("prefix")),
                                        (Doc::Bulk("type"), Doc::Bulk("string")),
                                        (Doc::Bulk("token"), Doc::Bulk("PREFIX")),
                                        (
                                            Doc::Bulk("flags"),
                                            Doc::Set(&[
                                                Doc::Simple("optional"),
                                                Doc::Simple("multiple"),
                                                Doc::Simple("multiple_token"),
                                            ]),
                                        ),
                                    ]),
                                    Doc::Map(&[
                                        (Doc::Bulk("name"), Doc::Bulk("bcast")),
                                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                        (Doc::Bulk("token"), Doc::Bulk("BCAST")),
                                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                    ]),
                                    Doc::Map(&[
                                        (Doc::Bulk("name"), Doc::Bulk("optin")),
                                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                        (Doc::Bulk("token"), Doc::Bulk("OPTIN")),
                                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                    ]),
                                    Doc::Map(&[
                                        (Doc::Bulk("name"), Doc::Bulk("optout")),
                                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                        (Doc::Bulk("token"), Doc::Bulk("OPTOUT")),
                                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                    ]),
                                    Doc::Map(&[
                                        (Doc::Bulk("name"), Doc::Bulk("noloop")),
                                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                        (Doc::Bulk("token"), Doc::Bulk("NOLOOP")),
                                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                    ]),
                                ]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("client|trackinginfo"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk(
                                    "Return information about server assisted client side caching for the current connection",
                                ),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                            (Doc::Bulk("group"), Doc::Bulk("connection")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                ]),
            ),
        ]),
    ),
    (
        "info",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get information and statistics about the server"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("server")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("7.0.0"),
                    Doc::Bulk("Added support for taking multiple section arguments."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("section")),
                    (Doc::Bulk("type"), Doc::Bulk("string")),
                    (
                        Doc::Bulk("flags"),
                        Doc::Set(&[Doc::Simple("optional"), Doc::Simple("multiple")]),
                    ),
                ])]),
            ),
        ]),
    ),
    (
        "dbsize",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Return the number of keys in the selected database"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("server")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
        ]),
    ),
    (
        "flushdb",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Remove all keys from the current database"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("server")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of keys in the selected database"),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[
                    Doc::Array(&[
                        Doc::Bulk("4.0.0"),
                        Doc::Bulk("Added the `ASYNC` flushing mode modifier."),
                    ]),
                    Doc::Array(&[
                        Doc::Bulk("6.2.0"),
                        Doc::Bulk("Added the `SYNC` flushing mode modifier."),
                    ]),
                ]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("async")),
                    (Doc::Bulk("type"), Doc::Bulk("oneof")),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    (
                        Doc::Bulk("arguments"),
                        Doc::Array(&[
                            Doc::Map(&[
                                (Doc::Bulk("name"), Doc::Bulk("async")),
                                (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                (Doc::Bulk("token"), Doc::Bulk("ASYNC")),
                                (Doc::Bulk("since"), Doc::Bulk("4.0.0")),
                            ]),
                            Doc::Map(&[
                                (Doc::Bulk("name"), Doc::Bulk("sync")),
                                (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                (Doc::Bulk("token"), Doc::Bulk("SYNC")),
                                (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                            ]),
                        ]),
                    ),
                ])]),
            ),
        ]),
    ),
    (
        "flushall",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Remove all keys from all databases"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("server")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the total number of keys in all databases"),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[
                    Doc::Array(&[
                        Doc::Bulk("4.0.0"),
                        Doc::Bulk("Added the `ASYNC` flushing mode modifier."),
                    ]),
                    Doc::Array(&[
                        Doc::Bulk("6.2.0"),
                        Doc::Bulk("Added the `SYNC` flushing mode modifier."),
                    ]),
                ]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("async")),
                    (Doc::Bulk("type"), Doc::Bulk("oneof")),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    (
                        Doc::Bulk("arguments"),
                        Doc::Array(&[
                            Doc::Map(&[
                                (Doc::Bulk("name"), Doc::Bulk("async")),
                                (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                (Doc::Bulk("token"), Doc::Bulk("ASYNC")),
                                (Doc::Bulk("since"), Doc::Bulk("4.0.0")),
                            ]),
                            Doc::Map(&[
                                (Doc::Bulk("name"), Doc::Bulk("sync")),
                                (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                (Doc::Bulk("token"), Doc::Bulk("SYNC")),
                                (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
                            ]),
                        ]),
                    ),
                ])]),
            ),
        ]),
    ),
    (
        "time",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Return the current server time"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.6.0")),
            (Doc::Bulk("group"), Doc::Bulk("server")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
        ]),
    ),
    (
        "save",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Synchronously save the dataset to disk"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("server")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the total number of keys in all databases"),
            ),
        ]),
    ),
    (
        "bgsave",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Asynchronously save the dataset to disk"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("server")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("3.2.2"),
                    Doc::Bulk("Added the `SCHEDULE` option."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("schedule")),
                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                    (Doc::Bulk("token"), Doc::Bulk("SCHEDULE")),
                    (Doc::Bulk("since"), Doc::Bulk("3.2.2")),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                ])]),
            ),
        ]),
    ),
    (
        "lastsave",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the UNIX time stamp of the last successful save to disk"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("server")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
        ]),
    ),
    (
        "config",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("A container for server configuration commands"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("server")),
            (Doc::Bulk("complexity"), Doc::Bulk("Depends on subcommand.")),
            (
                Doc::Bulk("subcommands"),
                Doc::Map(&[
                    (
                        Doc::Bulk("config|get"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Get the values of configuration parameters"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk(
                                    "O(N) when N is the number of configuration parameters provided",
                                ),
                            ),
                            (
                                Doc::Bulk("history"),
                                Doc::Set(&[Doc::Array(&[
                                    Doc::Bulk("7.0.0"),
                                    Doc::Bulk(
                                        "Added the ability to pass multiple pattern parameters in one call",
                                    ),
                                ])]),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("parameter")),
                                    (Doc::Bulk("type"), Doc::Bulk("block")),
                                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                                    (
                                        Doc::Bulk("arguments"),
                                        Doc::Array(&[Doc::Map(&[
                                            (Doc::Bulk("name"), Doc::Bulk("parameter")),
                                            (Doc::Bulk("type"), Doc::Bulk("string")),
                                        ])]),
                                    ),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("config|rewrite"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk(
                                    "Rewrite the configuration file with the in memory configuration",
                                ),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.8.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                    (
                        Doc::Bulk("config|help"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Show helpful text about the different subcommands"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("5.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                    (
                        Doc::Bulk("config|resetstat"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Reset the stats returned by INFO"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                    (
                        Doc::Bulk("config|set"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Set configuration parameters to the given values"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk(
                                    "O(N) when N is the number of configuration parameters provided",
                                ),
                            ),
                            (
                                Doc::Bulk("history"),
                                Doc::Set(&[Doc::Array(&[
                                    Doc::Bulk("7.0.0"),
                                    Doc::Bulk(
                                        "Added the ability to set multiple parameters in one call.",
                                    ),
                                ])]),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("parameter_value")),
                                    (Doc::Bulk("type"), Doc::Bulk("block")),
                                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                                    (
                                        Doc::Bulk("arguments"),
                                        Doc::Array(&[
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("parameter")),
                                                (Doc::Bulk("type"), Doc::Bulk("string")),
                                            ]),
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("value")),
                                                (Doc::Bulk("type"), Doc::Bulk("string")),
                                            ]),
                                        ]),
                                    ),
                                ])]),
                            ),
                        ]),
                    ),
                ]),
            ),
        ]),
    ),
    (
        "command",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get array of Redis command details"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.8.13")),
            (Doc::Bulk("group"), Doc::Bulk("server")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the total number of Redis commands"),
            ),
            (
                Doc::Bulk("subcommands"),
                Doc::Map(&[
                    (
                        Doc::Bulk("command|info"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk(
                                    "Get array of specific Redis command details, or all when no argument is given.",
                                ),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.8.13")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk("O(N) where N is the number of commands to look up"),
                            ),
                            (
                                Doc::Bulk("history"),
                                Doc::Set(&[Doc::Array(&[
                                    Doc::Bulk("7.0.0"),
                                    Doc::Bulk(
                                        "Allowed to be called with no argument to get info on all commands.",
                                    ),
                                ])]),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("command-name")),
                                    (Doc::Bulk("type"), Doc::Bulk("string")),
                                    (
                                        Doc::Bulk("flags"),
                                        Doc::Set(&[
                                            Doc::Simple("optional"),
                                            Doc::Simple("multiple"),
                                        ]),
                                    ),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("command|getkeys"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Extract keys given a full Redis command"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.8.13")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk("O(N) where N is the number of arguments to the command"),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("command|list"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Get an array of Redis command names"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk("O(N) where N is the total number of Redis commands"),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("filterby")),
                                    (Doc::Bulk("type"), Doc::Bulk("oneof")),
                                    (Doc::Bulk("token"), Doc::Bulk("FILTERBY")),
                                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                    (
                                        Doc::Bulk("arguments"),
                                        Doc::Array(&[
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("module-name")),
                                                (Doc::Bulk("type"), Doc::Bulk("string")),
                                                (Doc::Bulk("token"), Doc::Bulk("MODULE")),
                                            ]),
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("category")),
                                                (Doc::Bulk("type"), Doc::Bulk("string")),
                                                (Doc::Bulk("token"), Doc::Bulk("ACLCAT")),
                                            ]),
                                            Doc::Map(&[
                                                (Doc::Bulk("name"), Doc::Bulk("pattern")),
                                                (Doc::Bulk("type"), Doc::Bulk("pattern")),
                                                (Doc::Bulk("token"), Doc::Bulk("PATTERN")),
                                            ]),
                                        ]),
                                    ),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("command|docs"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Get array of specific Redis command documentation"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk("O(N) where N is the number of commands to look up"),
                            ),
                            (
                                Doc::Bulk("arguments"),
                                Doc::Array(&[Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("command-name")),
                                    (Doc::Bulk("type"), Doc::Bulk("string")),
                                    (
                                        Doc::Bulk("flags"),
                                        Doc::Set(&[
                                            Doc::Simple("optional"),
                                            Doc::Simple("multiple"),
                                        ]),
                                    ),
                                ])]),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("command|getkeysandflags"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk(
                                    "Extract keys and access flags given a full Redis command",
                                ),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (
                                Doc::Bulk("complexity"),
                                Doc::Bulk("O(N) where N is the number of arguments to the command"),
                            ),
                        ]),
                    ),
                    (
                        Doc::Bulk("command|count"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Get total number of Redis commands"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("2.8.13")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                    (
                        Doc::Bulk("command|help"),
                        Doc::Map(&[
                            (
                                Doc::Bulk("summary"),
                                Doc::Bulk("Show helpful text about the different subcommands"),
                            ),
                            (Doc::Bulk("since"), Doc::Bulk("5.0.0")),
                            (Doc::Bulk("group"), Doc::Bulk("server")),
                            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
                        ]),
                    ),
                ]),
            ),
        ]),
    ),
    (
        "exec",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Execute all commands issued after MULTI"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("transactions")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("Depends on commands in the transaction"),
            ),
        ]),
    ),
    (
        "rpoplpush",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Remove the last element in a list, prepend it to another list and return it",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("doc_flags"),
                Doc::Set(&[Doc::Simple("deprecated")]),
            ),
            (Doc::Bulk("deprecated_since"), Doc::Bulk("6.2.0")),
            (
                Doc::Bulk("replaced_by"),
                Doc::Bulk("`LMOVE` with the `RIGHT` and `LEFT` arguments"),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("source")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("destination")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "brpoplpush",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Pop an element from a list, push it to another list and return it; or block until one is available",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("list")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("doc_flags"),
                Doc::Set(&[Doc::Simple("deprecated")]),
            ),
            (Doc::Bulk("deprecated_since"), Doc::Bulk("6.2.0")),
            (
                Doc::Bulk("replaced_by"),
                Doc::Bulk("`BLMOVE` with the `RIGHT` and `LEFT` arguments"),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("6.0.0"),
                    Doc::Bulk("`timeout` is interpreted as a double instead of an integer."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("source")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("destination")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("timeout")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "sinterstore",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Intersect multiple sets and store the resulting set in a key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("destination")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "sunionstore",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Add multiple sets and store the resulting set in a key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the total number of elements in all given sets."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("destination")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "sdiffstore",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Subtract multiple sets and store the resulting set in a key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the total number of elements in all given sets."),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("destination")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "sintercard",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Intersect multiple sets and return the cardinality of the result"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("numkeys")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("limit")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("LIMIT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zrangestore",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Store a range of members from sorted set into another key"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("dst")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("src")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("min")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("max")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("sortby")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("byscore")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("BYSCORE")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("bylex")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("BYLEX")),
                                ]),
                            ]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("rev")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("REV")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("offset_count")),
                        (Doc::Bulk("type"), Doc::Bulk("block")),
                        (Doc::Bulk("token"), Doc::Bulk("LIMIT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("offset")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("count")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zrevrangebyscore",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Return a range of members in a sorted set, by score, with scores ordered from high to low",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).",
                ),
            ),
            (
                Doc::Bulk("doc_flags"),
                Doc::Set(&[Doc::Simple("deprecated")]),
            ),
            (Doc::Bulk("deprecated_since"), Doc::Bulk("6.2.0")),
            (
                Doc::Bulk("replaced_by"),
                Doc::Bulk("`ZRANGE` with the `REV` and `BYSCORE` arguments"),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("2.1.6"),
                    Doc::Bulk("`min` and `max` can be exclusive."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("max")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("min")),
                        (Doc::Bulk("type"), Doc::Bulk("double")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("withscores")),
                        (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                        (Doc::Bulk("token"), Doc::Bulk("WITHSCORES")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("offset_count")),
                        (Doc::Bulk("type"), Doc::Bulk("block")),
                        (Doc::Bulk("token"), Doc::Bulk("LIMIT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("offset")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("count")),
                                    (Doc::Bulk("type"), Doc::Bulk("integer")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zunionstore",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Add multiple sorted sets and store the resulting sorted set in a new key",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("destination")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("numkeys")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("weight")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("WEIGHTS")),
                        (
                            Doc::Bulk("flags"),
                            Doc::Set(&[Doc::Simple("optional"), Doc::Simple("multiple")]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("aggregate")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("token"), Doc::Bulk("AGGREGATE")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("sum")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("SUM")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("min")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("MIN")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("max")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("MAX")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zinterstore",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Intersect multiple sorted sets and store the resulting sorted set in a new key",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("destination")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("numkeys")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("weight")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("WEIGHTS")),
                        (
                            Doc::Bulk("flags"),
                            Doc::Set(&[Doc::Simple("optional"), Doc::Simple("multiple")]),
                        ),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("aggregate")),
                        (Doc::Bulk("type"), Doc::Bulk("oneof")),
                        (Doc::Bulk("token"), Doc::Bulk("AGGREGATE")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                        (
                            Doc::Bulk("arguments"),
                            Doc::Array(&[
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("sum")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("SUM")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("min")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("MIN")),
                                ]),
                                Doc::Map(&[
                                    (Doc::Bulk("name"), Doc::Bulk("max")),
                                    (Doc::Bulk("type"), Doc::Bulk("pure-token")),
                                    (Doc::Bulk("token"), Doc::Bulk("MAX")),
                                ]),
                            ]),
                        ),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "zintercard",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk(
                    "Intersect multiple sorted sets and return the cardinality of the result",
                ),
            ),
            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("sorted-set")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk(
                    "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.",
                ),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("numkeys")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("limit")),
                        (Doc::Bulk("type"), Doc::Bulk("integer")),
                        (Doc::Bulk("token"), Doc::Bulk("LIMIT")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "renamenx",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Rename a key, only if the new key does not exist"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("3.2.0"),
                    Doc::Bulk(
                        "The command no longer returns an error when source and destination names are the same.",
                    ),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("key")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("newkey")),
                        (Doc::Bulk("type"), Doc::Bulk("key")),
                        (Doc::Bulk("key_spec_index"), Doc::Int(1)),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "pexpiretime",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Get the expiration Unix timestamp for a key in milliseconds"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("7.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("generic")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                ])]),
            ),
        ]),
    ),
    (
        "auth",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Authenticate to the server"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("connection")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N) where N is the number of passwords defined for the user"),
            ),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("6.0.0"),
                    Doc::Bulk("Added ACL style (username and password)."),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("username")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                        (Doc::Bulk("since"), Doc::Bulk("6.0.0")),
                        (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    ]),
                    Doc::Map(&[
                        (Doc::Bulk("name"), Doc::Bulk("password")),
                        (Doc::Bulk("type"), Doc::Bulk("string")),
                    ]),
                ]),
            ),
        ]),
    ),
    (
        "hello",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Handshake with Redis")),
            (Doc::Bulk("since"), Doc::Bulk("6.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("connection")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
            (
                Doc::Bulk("history"),
                Doc::Set(&[Doc::Array(&[
                    Doc::Bulk("6.2.0"),
                    Doc::Bulk(
                        "`protover` made optional; when called without arguments the command reports the current connection's context.",
                    ),
                ])]),
            ),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("arguments")),
                    (Doc::Bulk("type"), Doc::Bulk("block")),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                    (
                        Doc::Bulk("arguments"),
                        Doc::Array(&[
                            Doc::Map(&[
                                (Doc::Bulk("name"), Doc::Bulk("protover")),
                                (Doc::Bulk("type"), Doc::Bulk("integer")),
                            ]),
                            Doc::Map(&[
                                (Doc::Bulk("name"), Doc::Bulk("username_password")),
                                (Doc::Bulk("type"), Doc::Bulk("block")),
                                (Doc::Bulk("token"), Doc::Bulk("AUTH")),
                                (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                                (
                                    Doc::Bulk("arguments"),
                                    Doc::Array(&[
                                        Doc::Map(&[
                                            (Doc::Bulk("name"), Doc::Bulk("username")),
                                            (Doc::Bulk("type"), Doc::Bulk("string")),
                                        ]),
                                        Doc::Map(&[
                                            (Doc::Bulk("name"), Doc::Bulk("password")),
                                            (Doc::Bulk("type"), Doc::Bulk("string")),
                                        ]),
                                    ]),
                                ),
                            ]),
                            Doc::Map(&[
                                (Doc::Bulk("name"), Doc::Bulk("clientname")),
                                (Doc::Bulk("type"), Doc::Bulk("string")),
                                (Doc::Bulk("token"), Doc::Bulk("SETNAME")),
                                (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("optional")])),
                            ]),
                        ]),
                    ),
                ])]),
            ),
        ]),
    ),
    (
        "quit",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Close the connection")),
            (Doc::Bulk("since"), Doc::Bulk("1.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("connection")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
        ]),
    ),
    (
        "reset",
        Doc::Map(&[
            (Doc::Bulk("summary"), Doc::Bulk("Reset the connection")),
            (Doc::Bulk("since"), Doc::Bulk("6.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("connection")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
        ]),
    ),
    (
        "multi",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Mark the start of a transaction block"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("1.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("transactions")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
        ]),
    ),
    (
        "discard",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Discard all commands issued after MULTI"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.0.0")),
            (Doc::Bulk("group"), Doc::Bulk("transactions")),
            (
                Doc::Bulk("complexity"),
                Doc::Bulk("O(N), when N is the number of queued commands"),
            ),
        ]),
    ),
    (
        "watch",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Watch the given keys to determine execution of the MULTI/EXEC block"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("transactions")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1) for every key.")),
            (
                Doc::Bulk("arguments"),
                Doc::Array(&[Doc::Map(&[
                    (Doc::Bulk("name"), Doc::Bulk("key")),
                    (Doc::Bulk("type"), Doc::Bulk("key")),
                    (Doc::Bulk("key_spec_index"), Doc::Int(0)),
                    (Doc::Bulk("flags"), Doc::Set(&[Doc::Simple("multiple")])),
                ])]),
            ),
        ]),
    ),
    (
        "unwatch",
        Doc::Map(&[
            (
                Doc::Bulk("summary"),
                Doc::Bulk("Forget about all watched keys"),
            ),
            (Doc::Bulk("since"), Doc::Bulk("2.2.0")),
            (Doc::Bulk("group"), Doc::Bulk("transactions")),
            (Doc::Bulk("complexity"), Doc::Bulk("O(1)")),
        ]),
    ),
];
