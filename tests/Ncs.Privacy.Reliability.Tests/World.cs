using System.Globalization;
using System.Text;
using CsCheck;
using Ncs.Privacy.Reliability.Tests.Model;

namespace Ncs.Privacy.Reliability.Tests;

/// <summary>An order; <see cref="Slip"/>: 0 no delivery slip, 1 a slip of its own, 2 the tenant's previous slip (shared; its own when there is none).</summary>
public sealed record OrderSpec(bool Deleted, bool Note, int Lines, int Slip = 0);

/// <summary>
/// An invoice; <see cref="Date"/> indexes <see cref="World.InvoiceDates"/> (two released holds, two in force).
/// <see cref="Address"/>: 0 no billing address, 1 one of its own, 2 the previous invoice's (any customer's; shared; its own when there is none).
/// </summary>
public sealed record InvoiceSpec(int Date, bool Deleted, bool Note, int Lines, int Address = 0);

/// <summary>A ticket; without a customer it belongs to its agent only.</summary>
public sealed record TicketSpec(int Agent, bool HasCustomer, bool Notes, bool Old);

/// <summary>
/// A customer. <see cref="Avatar"/>: 0 none, 1 a photo of its own, 2 the previous customer's photo (shared; its own when
/// there is none). <see cref="Messages"/>: recipients of messages it sent, as indexes into the customers (two-path rows).
/// </summary>
public sealed record CustomerSpec(bool Deleted, bool Phone, bool Address, OrderSpec[] Orders, InvoiceSpec[] Invoices, TicketSpec[] Tickets, int Avatar = 0, int[]? Messages = null);

/// <summary>The generated shape of a database: several customers and employees, and households given as member bit masks.</summary>
public sealed record WorldSpec(CustomerSpec[] Customers, int Employees, int[] Households, int Target)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"employees={Employees} target={Target} households=[{string.Join(",", Households)}]");
        for (var i = 0; i < Customers.Length; i++)
        {
            var c = Customers[i];
            text.Append(CultureInfo.InvariantCulture, $" | customer{i + 1}{(c.Deleted ? " deleted" : "")}{(c.Phone ? " phone" : "")}{(c.Address ? " address" : "")}")
                .Append(" orders[").AppendJoin(",", c.Orders.Select(o => $"{(o.Deleted ? "d" : "")}{(o.Note ? "n" : "")}{o.Lines}s{o.Slip}")).Append(']')
                .Append(" invoices[").AppendJoin(",", c.Invoices.Select(v => $"{World.InvoiceDates[v.Date]:yyyy-MM-dd}{(v.Deleted ? "d" : "")}{(v.Note ? "n" : "")}{v.Lines}a{v.Address}")).Append(']')
                .Append(" tickets[").AppendJoin(",", c.Tickets.Select(t => $"a{t.Agent}{(t.HasCustomer ? "c" : "")}{(t.Notes ? "n" : "")}{(t.Old ? "o" : "")}")).Append(']')
                .Append(CultureInfo.InvariantCulture, $" avatar{c.Avatar} messages[").AppendJoin(",", c.Messages ?? []).Append(']');
        }

        return text.ToString();
    }
}

/// <summary>
/// A generated database and the reference answer to "whose is this value": every personal value is a unique marker
/// (<c>mk00042x</c>, fixed width, so no marker contains another), and every personal cell records the subjects it is about.
/// </summary>
public sealed class World
{
    public const int FirstEmployee = 101;

    public static readonly DateTime[] InvoiceDates =
    [
        new(2017, 6, 1, 0, 0, 0, DateTimeKind.Utc),    // hold ended 2025-01-01
        new(2018, 12, 31, 0, 0, 0, DateTimeKind.Utc),  // hold ended 2026-01-01, the last anchor before the cutoff
        new(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc),    // held until 2027-01-01, the first anchor after it
        new(2024, 3, 15, 0, 0, 0, DateTimeKind.Utc),   // held until 2032-01-01
    ];

    /// <summary>"Now" in every test.</summary>
    public static readonly DateTimeOffset Today = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyDictionary<string, string[]> PersonalColumns = new Dictionary<string, string[]>
    {
        ["Customers"] = ["Name", "Email", "Phone", "Address_Street", "Address_City"],
        ["Households"] = ["Name"],
        ["Orders"] = ["DeliveryNote"],
        ["OrderLines"] = ["GiftMessage"],
        ["Invoices"] = ["BillingName", "Note"],
        ["InvoiceLines"] = ["Text", "GiftWrapNote"],
        ["Employees"] = ["Name"],
        ["Tickets"] = ["Question", "AgentNotes"],
        ["Avatars"] = ["Caption"],
        ["Messages"] = ["Body", "RecipientLabel"],
        ["DeliverySlips"] = ["Recipient"],
        ["BillingAddresses"] = ["Street"],
    };

    private int _next;

    public static Gen<WorldSpec> Gen { get; } = CreateGen();

    private static Gen<WorldSpec> CreateGen()
    {
        var order = CsCheck.Gen.Select(CsCheck.Gen.Int[0, 4], CsCheck.Gen.Bool, CsCheck.Gen.Int[0, 3], CsCheck.Gen.Int[0, 2], (d, n, l, slip) => new OrderSpec(d == 0, n, l, slip));
        var invoice = CsCheck.Gen.Select(CsCheck.Gen.Int[0, 3], CsCheck.Gen.Int[0, 4], CsCheck.Gen.Bool, CsCheck.Gen.Int[0, 2], CsCheck.Gen.Int[0, 2], (date, d, n, l, a) => new InvoiceSpec(date, d == 0, n, l, a));
        var ticket = CsCheck.Gen.Select(CsCheck.Gen.Int[0, 9], CsCheck.Gen.Int[0, 4], CsCheck.Gen.Bool, CsCheck.Gen.Bool, (a, c, n, o) => new TicketSpec(a, c != 0, n, o));
        var plain = CsCheck.Gen.Select(CsCheck.Gen.Int[0, 4], CsCheck.Gen.Bool, CsCheck.Gen.Bool, order.Array[0, 3], invoice.Array[0, 3], ticket.Array[0, 2], (d, p, a, o, i, t) => new CustomerSpec(d == 0, p, a, o, i, t));
        var customer = CsCheck.Gen.Select(plain, CsCheck.Gen.Int[0, 2], CsCheck.Gen.Int[0, 3].Array[0, 2], (c, avatar, messages) => c with { Avatar = avatar, Messages = messages });
        return CsCheck.Gen.Select(customer.Array[1, 4], CsCheck.Gen.Int[1, 2], CsCheck.Gen.Int[0, 15].Array[0, 3], CsCheck.Gen.Int[0, 99], (c, e, h, t) => new WorldSpec(c, e, h, t));
    }

    public World(WorldSpec spec)
    {
        Spec = spec;
        for (var e = 0; e < spec.Employees; e++)
        {
            var id = FirstEmployee + e;
            Employees.Add(new Employee { Id = id, Name = Personal("Employees", id, "Name", Employee(id)) });
            Subjects.Add(Employee(id));
        }

        int orderId = 0, lineId = 0, invoiceId = 0, invoiceLineId = 0, ticketId = 0;
        var avatarUsers = new Dictionary<int, List<string>>();
        var slipUsers = new Dictionary<(int Tenant, int Number), List<string>>();
        var lastSlip = new Dictionary<int, DeliverySlip>();
        var addressUsers = new Dictionary<int, List<string>>();
        for (var i = 0; i < spec.Customers.Length; i++)
        {
            var c = spec.Customers[i];
            var id = i + 1;
            var who = Customer(id);
            Subjects.Add(who);
            var name = Personal("Customers", id, "Name", who);
            var customer = new Customer
            {
                Id = id,
                Name = name,
                Email = Personal("Customers", id, "Email", who, "@m.example"),
                Phone = c.Phone ? Personal("Customers", id, "Phone", who) : Null("Customers", id, "Phone", who),
                IsDeleted = c.Deleted,
                TenantId = TenantOf(id),
                Address = c.Address ? new PostalAddress { Street = Personal("Customers", id, "Address_Street", who), City = Personal("Customers", id, "Address_City", who) } : null,
            };
            if (!c.Address)
            {
                Null("Customers", id, "Address_Street", who);
                Null("Customers", id, "Address_City", who);
            }

            if (c.Avatar == 2 && i > 0 && Customers[i - 1].AvatarId is { } shared)
            {
                customer.AvatarId = shared;
                avatarUsers[shared].Add(who);
            }
            else if (c.Avatar != 0)
            {
                var avatar = new Avatar { Id = Avatars.Count + 1 };
                Avatars.Add(avatar);
                customer.AvatarId = avatar.Id;
                avatarUsers[avatar.Id] = [who];
            }

            Customers.Add(customer);
            foreach (var o in c.Orders)
            {
                var order = new Order { Id = ++orderId, CustomerId = id, TenantId = TenantOf(id), IsDeleted = o.Deleted };
                if (o.Slip == 2 && lastSlip.TryGetValue(order.TenantId, out var previous))
                {
                    // Numbers restart per tenant: the other tenant has a slip with the same number, which is not this one.
                    order.DeliverySlipNumber = previous.Number;
                    slipUsers[(previous.TenantId, previous.Number)].Add(who);
                }
                else if (o.Slip != 0)
                {
                    var slip = new DeliverySlip { TenantId = order.TenantId, Number = DeliverySlips.Count(x => x.TenantId == order.TenantId) + 1 };
                    DeliverySlips.Add(slip);
                    lastSlip[slip.TenantId] = slip;
                    order.DeliverySlipNumber = slip.Number;
                    slipUsers[(slip.TenantId, slip.Number)] = [who];
                }

                order.DeliveryNote = o.Note ? Personal("Orders", order.Id, "DeliveryNote", who) : Null("Orders", order.Id, "DeliveryNote", who);
                for (var l = 0; l < o.Lines; l++)
                {
                    var line = new OrderLine { Id = ++lineId, Product = "NCS S 1050-Y90R" };
                    line.GiftMessage = l % 2 == 0 ? Personal("OrderLines", line.Id, "GiftMessage", who) : Null("OrderLines", line.Id, "GiftMessage", who);
                    order.Lines.Add(line);
                }

                Orders.Add(order);
            }

            foreach (var v in c.Invoices)
            {
                var held = InvoiceDates[v.Date].Year >= 2019;
                var invoice = new Invoice { Id = ++invoiceId, CustomerId = id, InvoiceDate = InvoiceDates[v.Date], AmountCents = 100 * invoiceId, IsDeleted = v.Deleted };
                if (v.Address == 2 && BillingAddresses.Count > 0)
                {
                    invoice.BillingAddressId = BillingAddresses[^1].Id;
                    addressUsers[BillingAddresses[^1].Id].Add(who);
                }
                else if (v.Address != 0)
                {
                    var address = new BillingAddress { Id = BillingAddresses.Count + 1 };
                    BillingAddresses.Add(address);
                    invoice.BillingAddressId = address.Id;
                    addressUsers[address.Id] = [who];
                }

                invoice.BillingName = Personal("Invoices", invoice.Id, "BillingName", who, held: held);
                invoice.Note = v.Note ? Personal("Invoices", invoice.Id, "Note", who) : Null("Invoices", invoice.Id, "Note", who);
                for (var l = 0; l < v.Lines; l++)
                {
                    var line = new InvoiceLine { Id = ++invoiceLineId };
                    line.Text = Personal("InvoiceLines", line.Id, "Text", who, held: held);
                    line.GiftWrapNote = l == 0 ? Personal("InvoiceLines", line.Id, "GiftWrapNote", who) : Null("InvoiceLines", line.Id, "GiftWrapNote", who);
                    invoice.Lines.Add(line);
                }

                Invoices.Add(invoice);
            }

            foreach (var t in c.Tickets)
            {
                var agent = FirstEmployee + (t.Agent % spec.Employees);
                var ticket = new SupportTicket
                {
                    Id = ++ticketId, CustomerId = t.HasCustomer ? id : null, AgentId = agent,
                    OpenedAt = t.Old ? new DateTime(2020, 5, 1, 0, 0, 0, DateTimeKind.Utc) : new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc),
                };
                string[] questionOwners = t.HasCustomer ? [who] : [];
                ticket.Question = Personal("Tickets", ticket.Id, "Question", questionOwners);
                ticket.AgentNotes = t.Notes ? Personal("Tickets", ticket.Id, "AgentNotes", Employee(agent)) : Null("Tickets", ticket.Id, "AgentNotes", Employee(agent));
                RowSubjects[Row("Tickets", ticket.Id)] = [.. questionOwners, Employee(agent)];
                Tickets.Add(ticket);
            }
        }

        // A photo is about everyone whose row points to it; a message's body is its sender's, its label its recipient's.
        foreach (var avatar in Avatars)
        {
            string[] users = [.. avatarUsers[avatar.Id]];
            avatar.Caption = Personal("Avatars", avatar.Id, "Caption", users);
            RowSubjects[Row("Avatars", avatar.Id)] = users;
        }

        // A delivery slip is about every customer whose order points to it.
        foreach (var slip in DeliverySlips)
        {
            string[] users = [.. slipUsers[(slip.TenantId, slip.Number)].Distinct()];
            slip.Recipient = Personal("DeliverySlips", SlipKey(slip.TenantId, slip.Number), "Recipient", users);
            RowSubjects[Row("DeliverySlips", SlipKey(slip.TenantId, slip.Number))] = users;
        }

        // A billing address is about every customer whose invoice points to it.
        foreach (var address in BillingAddresses)
        {
            string[] users = [.. addressUsers[address.Id].Distinct()];
            address.Street = Personal("BillingAddresses", address.Id, "Street", users);
            RowSubjects[Row("BillingAddresses", address.Id)] = users;
        }

        var messageId = 0;
        for (var i = 0; i < spec.Customers.Length; i++)
        {
            foreach (var r in spec.Customers[i].Messages ?? [])
            {
                var recipient = (r % spec.Customers.Length) + 1;
                if (recipient == i + 1)
                {
                    continue;
                }

                var message = new Message { Id = ++messageId, SenderId = i + 1, RecipientId = recipient };
                message.Body = Personal("Messages", message.Id, "Body", Customer(i + 1));
                message.RecipientLabel = r % 2 == 0 ? Personal("Messages", message.Id, "RecipientLabel", Customer(recipient)) : Null("Messages", message.Id, "RecipientLabel", Customer(recipient));
                RowSubjects[Row("Messages", message.Id)] = [Customer(i + 1), Customer(recipient)];
                Messages.Add(message);
            }
        }

        for (var h = 0; h < spec.Households.Length; h++)
        {
            var members = Customers.Where((_, i) => (spec.Households[h] & (1 << i)) != 0).ToList();
            var id = h + 1;
            var owners = members.Select(m => Customer(m.Id)).ToArray();
            Households.Add(new Household { Id = id, Name = Personal("Households", id, "Name", owners), Members = members });
            RowSubjects[Row("Households", id)] = [.. owners];
            foreach (var m in members)
            {
                RowSubjects[$"CustomerHousehold#{id}|{m.Id}"] = [Customer(m.Id)];
            }
        }

        foreach (var c in Customers)
        {
            RowSubjects[Row("Customers", c.Id)] = [Customer(c.Id)];
        }

        foreach (var e in Employees)
        {
            RowSubjects[Row("Employees", e.Id)] = [Employee(e.Id)];
        }

        foreach (var o in Orders)
        {
            RowSubjects[Row("Orders", o.Id)] = [Customer(o.CustomerId)];
            foreach (var l in o.Lines)
            {
                RowSubjects[Row("OrderLines", l.Id)] = [Customer(o.CustomerId)];
            }
        }

        foreach (var v in Invoices)
        {
            RowSubjects[Row("Invoices", v.Id)] = [Customer(v.CustomerId)];
            foreach (var l in v.Lines)
            {
                RowSubjects[Row("InvoiceLines", l.Id)] = [Customer(v.CustomerId)];
            }
        }

        Target = Subjects[spec.Target % Subjects.Count];
    }

    public WorldSpec Spec { get; }

    public List<Customer> Customers { get; } = [];

    public List<Employee> Employees { get; } = [];

    public List<Household> Households { get; } = [];

    public List<Order> Orders { get; } = [];

    public List<Invoice> Invoices { get; } = [];

    public List<SupportTicket> Tickets { get; } = [];

    public List<Avatar> Avatars { get; } = [];

    public List<Message> Messages { get; } = [];

    public List<DeliverySlip> DeliverySlips { get; } = [];

    public List<BillingAddress> BillingAddresses { get; } = [];

    /// <summary>The row key of a delivery slip (its key is the tenant and the number), as <see cref="Shop.DumpAsync"/> writes it.</summary>
    public static string SlipKey(object tenant, object number) => $"{Convert.ToString(tenant, CultureInfo.InvariantCulture)}.{Convert.ToString(number, CultureInfo.InvariantCulture)}";

    /// <summary>Every subject, as "customer:1" or "employee:101".</summary>
    public List<string> Subjects { get; } = [];

    /// <summary>The subject the erasure properties erase.</summary>
    public string Target { get; }

    /// <summary>Personal cells ("Table#id#Column") and the subjects they are about (empty: nobody's export may show it).</summary>
    public Dictionary<string, string[]> CellOwners { get; } = [];

    /// <summary>Marker → subjects it is about.</summary>
    public Dictionary<string, string[]> Markers { get; } = new(StringComparer.Ordinal);

    /// <summary>Markers a legal hold in force keeps through erasure.</summary>
    public HashSet<string> Held { get; } = new(StringComparer.Ordinal);

    /// <summary>Markers and the (entity, field) they are stored in.</summary>
    public Dictionary<string, (string Entity, string Field, string Row)> Where { get; } = new(StringComparer.Ordinal);

    /// <summary>Every subject a row concerns ("Table#id").</summary>
    public Dictionary<string, string[]> RowSubjects { get; } = [];

    /// <summary>Customers alternate between two tenants whose services must never see each other's customers.</summary>
    public static int TenantOf(int customerId) => (customerId % 2) + 1;

    public static string Customer(int id) => "customer:" + id.ToString(CultureInfo.InvariantCulture);

    public static string Employee(int id) => "employee:" + id.ToString(CultureInfo.InvariantCulture);

    public static (string Category, int Id) Parse(string subject)
    {
        var parts = subject.Split(':');
        return (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public static string Row(string table, object id) => $"{table}#{Convert.ToString(id, CultureInfo.InvariantCulture)}";

    /// <summary>Markers about the subject (shared ones included).</summary>
    public IEnumerable<string> MarkersOf(string subject) => Markers.Where(m => m.Value.Contains(subject)).Select(m => m.Key);

    /// <summary>Markers about the subject alone.</summary>
    public IEnumerable<string> ExclusiveMarkersOf(string subject) => Markers.Where(m => m.Value.Length == 1 && m.Value[0] == subject).Select(m => m.Key);

    private string Personal(string table, int id, string column, string owner, string suffix = "", bool held = false) => Personal(table, id, column, [owner], suffix, held);

    private string Personal(string table, int id, string column, string[] owners, string suffix = "", bool held = false)
        => Personal(table, id.ToString(CultureInfo.InvariantCulture), column, owners, suffix, held);

    private string Personal(string table, string id, string column, string[] owners, string suffix = "", bool held = false)
    {
        var marker = "mk" + (++_next).ToString("D5", CultureInfo.InvariantCulture) + "x";
        CellOwners[$"{table}#{id}#{column}"] = owners;
        Markers[marker] = owners;
        Where[marker] = (table, column, id);
        if (held)
        {
            Held.Add(marker);
        }

        return marker + suffix;
    }

    private string? Null(string table, int id, string column, string owner)
    {
        CellOwners[$"{table}#{id}#{column}"] = [owner];
        return null;
    }
}
