<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>DashboardWidget</name>
    <message>
        <source>All learners</source>
        <translation>Tous les apprenants</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Période</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exporter en CSV…</translation>
    </message>
    <message>
        <source>PDF report…</source>
        <translation>Rapport PDF…</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Groupe</translation>
    </message>
    <message>
        <source>&amp;Group</source>
        <translation>&amp;Groupe</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Du</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Au</translation>
    </message>
    <message>
        <source>Language of the PDF report</source>
        <translation>Langue du rapport PDF</translation>
    </message>
    <message>
        <source>Learners</source>
        <translation>Apprenants</translation>
    </message>
    <message>
        <source>Share of women</source>
        <translation>Part des femmes</translation>
    </message>
    <message>
        <source>Average progress</source>
        <translation>Progression moyenne</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Assiduité</translation>
    </message>
    <message>
        <source>Completed the course</source>
        <translation>Ont terminé le cours</translation>
    </message>
    <message>
        <source>Certified</source>
        <translation>Certifiés</translation>
    </message>
    <message>
        <source>Countries</source>
        <translation>Pays</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Graphiques</translation>
    </message>
    <message>
        <source>Filter learners…</source>
        <translation>Filtrer les apprenants…</translation>
    </message>
    <message>
        <source>Capsules</source>
        <translation>Capsules</translation>
    </message>
    <message>
        <source>Hardest questions</source>
        <translation>Questions les plus difficiles</translation>
    </message>
    <message>
        <source>By gender</source>
        <translation>Par genre</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>Par catégorie</translation>
    </message>
    <message>
        <source>By country</source>
        <translation>Par pays</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>Séances</translation>
    </message>
    <message>
        <source>Filter learners</source>
        <translation>Filtrer les apprenant·es</translation>
    </message>
    <message>
        <source>Details of the learner…</source>
        <translation>Détail de l’apprenant·e…</translation>
    </message>
    <message>
        <source>No learner here yet: create a group and enrol participants (Groups tab), or bring the progress of the centre&apos;s other PCs (Other PCs tab).</source>
        <translation>Aucun·e apprenant·e pour l’instant : créez un groupe et inscrivez des participant·es (onglet Groupes), ou importez la progression des autres PC du centre (onglet Autres PC).</translation>
    </message>
    <message>
        <source>The hardest questions show here once each has at least 3 answers.</source>
        <translation>Les questions les plus difficiles s’affichent ici dès qu’elles ont au moins 3 réponses.</translation>
    </message>
    <message>
        <source>No session in this period: plan one in the Sessions tab.</source>
        <translation>Aucune séance sur cette période : planifiez-en une dans l’onglet Séances.</translation>
    </message>
    <message>
        <source>No capsule watched or quiz answered yet for this selection.</source>
        <translation>Aucune capsule regardée ni aucun quiz répondu pour cette sélection.</translation>
    </message>
    <message>
        <source>No learner for this selection.</source>
        <translation>Aucun·e apprenant·e pour cette sélection.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Learners shown: %1</source>
        <translation>Apprenants affichés : %1</translation>
    </message>
    <message>
        <source>Choose a learner in the list first.</source>
        <translation>Choisissez d’abord un·e apprenant·e dans la liste.</translation>
    </message>
    <message>
        <source>Wait for the figures to load, then export.</source>
        <translation>Attendez que les chiffres soient chargés, puis exportez.</translation>
    </message>
    <message>
        <source>report</source>
        <translation>rapport</translation>
    </message>
    <message>
        <source>Save the PDF report</source>
        <translation>Enregistrer le rapport PDF</translation>
    </message>
    <message>
        <source>Report saved: %1</source>
        <translation>Rapport enregistré : %1</translation>
    </message>
</context>
</TS>
