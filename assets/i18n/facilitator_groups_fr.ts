<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>FacilitatorGroups</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
</context>
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
        <source>No group yet: click “New group…” to create one.</source>
        <translation>Aucun groupe pour l’instant : cliquez sur « Nouveau groupe… » pour en créer un.</translation>
    </message>
    <message>
        <source>No participant in this group yet: import a CSV list, enrol profiles of this PC or add a new participant.</source>
        <translation>Aucun·e participant·e dans ce groupe : importez une liste CSV, inscrivez des profils de ce PC ou ajoutez un·e nouveau·elle participant·e.</translation>
    </message>
    <message>
        <source>Create a group first, then enrol its participants.</source>
        <translation>Créez d’abord un groupe, puis inscrivez ses participant·es.</translation>
    </message>
    <message>
        <source>Participants of the group</source>
        <translation>Participant·es du groupe</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Renommer…</translation>
    </message>
    <message>
        <source>Delete the group…</source>
        <translation>Supprimer le groupe…</translation>
    </message>
    <message>
        <source>Correct…</source>
        <translation>Corriger…</translation>
    </message>
    <message>
        <source>New PIN…</source>
        <translation>Nouveau code PIN…</translation>
    </message>
    <message>
        <source>Remove from the group…</source>
        <translation>Retirer du groupe…</translation>
    </message>
    <message>
        <source>A list saved as CSV from a spreadsheet: a Nom (or name) column, and if you like Genre, Pays, Catégorie, Âge — in French or English.</source>
        <translation>Une liste enregistrée en CSV depuis un tableur : une colonne Nom, et si vous voulez Genre, Pays, Catégorie, Âge — en français ou en anglais.</translation>
    </message>
    <message>
        <source>The participant types a new PIN herself, in front of you</source>
        <translation>La personne tape elle-même son nouveau code PIN, devant vous</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Rename the group</source>
        <translation>Renommer le groupe</translation>
    </message>
    <message>
        <source>Delete a group</source>
        <translation>Supprimer un groupe</translation>
    </message>
    <message>
        <source>Delete the group “%1”?

The group and its sessions leave the lists and the reports. Nothing a learner did is erased: the %2 participant(s) keep their profile, their progress and their quiz results, their past attendance stays in their activity log, and they can join another group.</source>
        <translation>Supprimer le groupe « %1 » ?

Le groupe et ses séances quittent les listes et les rapports. Rien de ce qu’ont fait les apprenant·es n’est effacé : les %2 participant·es gardent leur profil, leur progression et leurs résultats aux quiz, leurs présences passées restent dans leur historique, et ils et elles peuvent rejoindre un autre groupe.</translation>
    </message>
    <message>
        <source>Delete the group</source>
        <translation>Supprimer le groupe</translation>
    </message>
    <message>
        <source>The group “%1” is deleted.</source>
        <translation>Le groupe « %1 » est supprimé.</translation>
    </message>
    <message>
        <source>Participants (CSV)</source>
        <translation>Participants (CSV)</translation>
    </message>
    <message>
        <source>Lists (*.csv *.txt);;All files (*)</source>
        <translation>Listes (*.csv *.txt);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>%1 enrolled, %2 new profiles</source>
        <translation>%1 inscrit·es, %2 nouveaux profils</translation>
    </message>
    <message>
        <source>; %1 line(s) refused</source>
        <translation> ; %1 ligne(s) refusée(s)</translation>
    </message>
    <message>
        <source>%1 has a new PIN.</source>
        <translation>%1 a un nouveau code PIN.</translation>
    </message>
    <message>
        <source>Remove from the group</source>
        <translation>Retirer du groupe</translation>
    </message>
    <message>
        <source>Remove %1 participant(s) from “%2”? Their profiles, progress and attendance history stay on this PC; you can enrol them again later.</source>
        <translation>Retirer %1 participant·e(s) de « %2 » ? Leurs profils, leur progression et leur historique de présence restent sur ce PC ; vous pourrez les réinscrire plus tard.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <source>Create another group first.</source>
        <translation>Créez d’abord un autre groupe.</translation>
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
    <name>PickLearnersDialog</name>
    <message>
        <source>Enrol learners of this PC</source>
        <translation>Inscrire des apprenants de ce PC</translation>
    </message>
    <message>
        <source>Filter by name or code…</source>
        <translation>Filtrer par nom ou code…</translation>
    </message>
    <message>
        <source>Filter by name or code</source>
        <translation>Filtrer par nom ou code</translation>
    </message>
    <message>
        <source>Learners of this PC</source>
        <translation>Apprenant·es de ce PC</translation>
    </message>
    <message>
        <source>Every profile of this PC is already in this group. Add new participants with “New participant…” or “Import a CSV…”.</source>
        <translation>Tous les profils de ce PC sont déjà dans ce groupe. Ajoutez des participant·es avec « Nouveau participant… » ou « Importer un CSV… ».</translation>
    </message>
</context>
</TS>
