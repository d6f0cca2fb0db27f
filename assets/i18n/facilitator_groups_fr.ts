<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>GroupsWidget</name>
    <message>
        <source>New group…</source>
        <translation>Nouveau groupe…</translation>
    </message>
    <message>
        <source>Enrol from this PC…</source>
        <translation>Inscrire depuis ce PC…</translation>
    </message>
    <message>
        <source>Import a CSV…</source>
        <translation>Importer un CSV…</translation>
    </message>
    <message>
        <source>New participant…</source>
        <translation>Nouveau participant…</translation>
    </message>
    <message>
        <source>Move to group…</source>
        <translation>Changer de groupe…</translation>
    </message>
    <message>
        <source>Groups</source>
        <translation>Groupes</translation>
    </message>
    <message>
        <source>New group</source>
        <translation>Nouveau groupe</translation>
    </message>
    <message>
        <source>Name of the group</source>
        <translation>Nom du groupe</translation>
    </message>
    <message>
        <source>Participants (CSV)</source>
        <translation>Participants (CSV)</translation>
    </message>
    <message>
        <source>%1 enrolled, %2 new profiles</source>
        <translation>%1 inscrit·es, %2 nouveaux profils</translation>
    </message>
    <message>
        <source>Move to group</source>
        <translation>Changer de groupe</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
</context>
<context>
    <name>NewParticipantDialog</name>
    <message>
        <source>New participant</source>
        <translation>Nouveau participant</translation>
    </message>
    <message>
        <source>Not stated</source>
        <translation>Non renseigné</translation>
    </message>
    <message>
        <source>Woman</source>
        <translation>Femme</translation>
    </message>
    <message>
        <source>Man</source>
        <translation>Homme</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <source>Student</source>
        <translation>Étudiant·e</translation>
    </message>
    <message>
        <source>Civil society</source>
        <translation>Société civile</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>Médias</translation>
    </message>
    <message>
        <source>Public authorities</source>
        <translation>Autorités publiques</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Genre</translation>
    </message>
    <message>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
</context>
<context>
    <name>PickLearnersDialog</name>
    <message>
        <source>Enrol learners of this PC</source>
        <translation>Inscrire des apprenants de ce PC</translation>
    </message>
    <message>
        <source>Filter by name or code…</source>
        <translation>Filtrer par nom ou code…</translation>
    </message>
</context>
</TS>
